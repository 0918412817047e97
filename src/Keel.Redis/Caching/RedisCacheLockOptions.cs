namespace Keel.Redis;

/// <summary>Settings of a <see cref="RedisCacheLock"/>.</summary>
public sealed record RedisCacheLockOptions
{
    /// <summary>Put in front of the cache key to name the lock's Redis key. Default <c>keel:lock:</c>.</summary>
    public string KeyPrefix { get; init; } = "keel:lock:";

    /// <summary>The first pause between attempts while another node holds the lock; it doubles up to <see cref="MaxRetryDelay"/>. Default 5 ms.</summary>
    public TimeSpan MinRetryDelay { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>The longest pause between attempts. Default 100 ms.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromMilliseconds(100);
}
