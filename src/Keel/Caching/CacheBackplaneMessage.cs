using System.Globalization;

namespace Keel;

/// <summary>One change announced on a <see cref="ICacheBackplane"/>.</summary>
/// <param name="SourceId">The publishing cache instance, so it can ignore its own messages.</param>
/// <param name="Action">What happened.</param>
/// <param name="Key">The cache key, or the tag for <see cref="CacheBackplaneAction.RemoveByTag"/>; empty for <see cref="CacheBackplaneAction.Clear"/>.</param>
public sealed record CacheBackplaneMessage(string SourceId, CacheBackplaneAction Action, string Key)
{
    /// <summary>The wire form shared by every backplane: <c>action|sourceId|key</c> (the key may itself contain '|').</summary>
    public string Encode() => string.Create(CultureInfo.InvariantCulture, $"{(int)Action}|{SourceId}|{Key}");

    /// <summary>Reads the wire form written by <see cref="Encode"/>; false for anything else (a foreign publisher on the channel).</summary>
    public static bool TryDecode(string? payload, out CacheBackplaneMessage? message)
    {
        message = null;
        if (string.IsNullOrEmpty(payload))
            return false;
        var first = payload.IndexOf('|', StringComparison.Ordinal);
        if (first <= 0)
            return false;
        var second = payload.IndexOf('|', first + 1);
        if (second < 0)
            return false;
        if (!int.TryParse(payload.AsSpan(0, first), NumberStyles.None, CultureInfo.InvariantCulture, out var action)
            || !Enum.IsDefined((CacheBackplaneAction)action))
            return false;
        var source = payload[(first + 1)..second];
        if (source.Length == 0)
            return false;
        message = new CacheBackplaneMessage(source, (CacheBackplaneAction)action, payload[(second + 1)..]);
        return true;
    }
}
