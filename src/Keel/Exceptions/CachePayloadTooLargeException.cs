namespace Keel;

/// <summary>A value's serialized form is larger than <see cref="KeelCacheOptions.MaxPayloadBytes"/>; it was not cached.</summary>
public sealed class CachePayloadTooLargeException : KeelException
{
    /// <summary>Creates the exception for <paramref name="key"/>.</summary>
    public CachePayloadTooLargeException(string key, long size, long limit)
        : base($"The value for cache key '{key}' serializes to {size} bytes, over the limit of {limit} (KeelCacheOptions.MaxPayloadBytes); nothing was cached. Cache a smaller projection, or raise the limit.")
    {
        Key = key;
        Size = size;
        Limit = limit;
    }

    /// <summary>The key the value was meant for.</summary>
    public string Key { get; }

    /// <summary>The serialized size in bytes.</summary>
    public long Size { get; }

    /// <summary>The limit in force.</summary>
    public long Limit { get; }
}
