namespace Keel.Redis;

/// <summary>Settings of a <see cref="RedisDistributedCache"/>.</summary>
public sealed record RedisDistributedCacheOptions
{
    /// <summary>Put in front of every key, so several applications or environments can share one Redis. Default <c>keel:cache:</c>.</summary>
    public string KeyPrefix { get; init; } = "keel:cache:";
}
