using System.Text.Json;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Logging;

namespace Keel;

/// <summary>
/// The settings of a <see cref="KeelCache"/>, fixed when the cache is made. Immutable: derive variants with <c>with</c>.
/// Only <see cref="Distributed"/>, <see cref="Backplane"/> and <see cref="DistributedLock"/> connect the cache to other
/// nodes; without them it is an in-process cache.
/// </summary>
public sealed record KeelCacheOptions
{
    /// <summary>A name for the cache, tagged on its metrics (<c>cache</c>). Default <c>default</c>.</summary>
    public string Name { get; init; } = "default";

    /// <summary>Put before every key and tag in L1, L2 and on the backplane, so several caches (or apps) can share one L2. Default none.</summary>
    public string KeyPrefix { get; init; } = string.Empty;

    /// <summary>The most payload bytes L1 holds; the least recently used entries go first. Default 64 MiB.</summary>
    public long L1SizeLimit { get; init; } = 64L * 1024 * 1024;

    /// <summary>A serialized value larger than this is not cached (see <see cref="CachePayloadTooLargeException"/>). Default 1 MiB.</summary>
    public int MaxPayloadBytes { get; init; } = 1024 * 1024;

    /// <summary>Used when a call passes no <see cref="CacheEntryOptions"/>.</summary>
    public CacheEntryOptions DefaultEntryOptions { get; init; } = CacheEntryOptions.Default;

    /// <summary>
    /// The JSON settings for values. Set <see cref="JsonSerializerOptions.TypeInfoResolver"/> to a source-generated
    /// <c>JsonSerializerContext</c> for trimmed or AOT apps. Default: <see cref="JsonSerializerDefaults.Web"/>.
    /// </summary>
    public JsonSerializerOptions? SerializerOptions { get; init; }

    /// <summary>L2: any distributed cache (<see cref="PostgresDistributedCache"/>, Keel.Redis, or your own). Null for L1 only.</summary>
    public IDistributedCache? Distributed { get; init; }

    /// <summary>Tells other nodes to drop keys this node changed. Null: other nodes see a change when their L1 copy expires.</summary>
    public ICacheBackplane? Backplane { get; init; }

    /// <summary>With L2: one factory call per key across all nodes (the others wait for the value to appear in L2).</summary>
    public IDistributedCacheLock? DistributedLock { get; init; }

    /// <summary>
    /// How long a tag invalidation is remembered. Longer-lived entries carrying tags are kept in L2 no longer than
    /// this, so no entry outlives the record that invalidates it. Default 2 days.
    /// </summary>
    public TimeSpan TagRetention { get; init; } = TimeSpan.FromDays(2);

    /// <summary>With L2: how long a node trusts its copy of a tag's invalidation time before reading it again. Default 30 s.</summary>
    public TimeSpan TagCheckInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// With L2: how many invalidations (removes, tag removals, write-through sets) L2 refused may wait to be replayed.
    /// Past it the oldest is given up, logged as an error (event 1115): L2 may then serve its old value until it
    /// expires. Default 10,000.
    /// </summary>
    public int MaxPendingInvalidations { get; init; } = 10_000;

    /// <summary>The clock for expiry, refresh and timeouts. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Where the cache logs fail-safe, L2 and backplane trouble. Optional.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name))
            throw new ArgumentException("KeelCacheOptions.Name cannot be blank.", nameof(Name));
        CacheKeys.ValidatePrefix(KeyPrefix);
        ArgumentOutOfRangeException.ThrowIfLessThan(L1SizeLimit, 1024, nameof(L1SizeLimit));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPayloadBytes, 1, nameof(MaxPayloadBytes));
        if (MaxPayloadBytes > L1SizeLimit)
            throw new ArgumentException($"KeelCacheOptions.MaxPayloadBytes ({MaxPayloadBytes}) exceeds L1SizeLimit ({L1SizeLimit}): such a value could never be held in L1.", nameof(MaxPayloadBytes));
        ArgumentNullException.ThrowIfNull(DefaultEntryOptions, nameof(DefaultEntryOptions));
        DefaultEntryOptions.Validate(nameof(DefaultEntryOptions));
        if (TagRetention <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(TagRetention), TagRetention, "KeelCacheOptions.TagRetention must be positive.");
        if (TagCheckInterval <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(TagCheckInterval), TagCheckInterval, "KeelCacheOptions.TagCheckInterval must be positive.");
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPendingInvalidations, 1, nameof(MaxPendingInvalidations));
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
        if (DistributedLock is not null && Distributed is null)
            throw new ArgumentException("KeelCacheOptions.DistributedLock needs Distributed (an L2): waiting nodes read the value from it.", nameof(DistributedLock));
    }
}
