namespace Keel;

/// <summary>
/// A cache factory ran past <see cref="CacheEntryOptions.FactoryHardTimeout"/> and there was no stale value to serve.
/// Its token was cancelled; nothing was cached.
/// </summary>
public sealed class CacheFactoryTimeoutException : KeelException
{
    /// <summary>Creates the exception for <paramref name="key"/>.</summary>
    public CacheFactoryTimeoutException(string key, TimeSpan timeout)
        : base($"The factory for cache key '{key}' did not finish within {timeout.TotalMilliseconds:F0} ms (FactoryHardTimeout) and no stale value was available. Make the factory faster, raise the timeout, or turn on fail-safe.")
    {
        Key = key;
        Timeout = timeout;
    }

    /// <summary>The key being loaded.</summary>
    public string Key { get; }

    /// <summary>The hard timeout that expired.</summary>
    public TimeSpan Timeout { get; }
}
