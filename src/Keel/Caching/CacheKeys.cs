namespace Keel;

/// <summary>Key and tag validation, and the internal key forms built from them.</summary>
internal static class CacheKeys
{
    /// <summary>The longest key or tag accepted, in characters (a backplane message must fit in one NOTIFY).</summary>
    public const int MaxLength = 1024;

    /// <summary>
    /// Separates the parts of Keel's own keys (tag records). Users' keys may not hold control characters, so a key
    /// built with it can never collide with one of theirs.
    /// </summary>
    private const char Separator = '\u001F';

    public static void Validate(string key, string parameterName, string what = "cache key")
    {
        if (key is null)
            throw new ArgumentNullException(parameterName, $"A {what} is required.");
        if (string.IsNullOrWhiteSpace(key))
            throw new ArgumentException($"A {what} cannot be empty or blank.", parameterName);
        if (key.Length > MaxLength)
            throw new ArgumentException($"A {what} is at most {MaxLength} characters; this one has {key.Length}. Shorten it or hash its variable part.", parameterName);
        foreach (var c in key)
        {
            if (char.IsControl(c))
                throw new ArgumentException($"A {what} cannot contain control characters (found U+{(int)c:X4}); use printable text such as 'user:42'.", parameterName);
        }
    }

    public static void ValidatePrefix(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (prefix.Length > 128)
            throw new ArgumentException($"KeelCacheOptions.KeyPrefix is at most 128 characters; this one has {prefix.Length}.", nameof(prefix));
        foreach (var c in prefix)
        {
            if (char.IsControl(c))
                throw new ArgumentException("KeelCacheOptions.KeyPrefix cannot contain control characters.", nameof(prefix));
        }
    }

    public static string Tag(string prefix, string tag) => string.Concat(prefix, Separator + "tag" + Separator, tag);

    public static string[] Tags(string prefix, IReadOnlyList<string> tags)
    {
        if (tags.Count == 0)
            return [];
        var keys = new string[tags.Count];
        for (var i = 0; i < keys.Length; i++)
            keys[i] = Tag(prefix, tags[i]);
        return keys;
    }
}
