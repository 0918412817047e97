using System.Diagnostics.Metrics;

namespace Keel;

/// <summary>
/// The cache's instruments on the Keel meter (<see cref="KeelMetrics.MeterName"/>); every one is tagged <c>cache</c>
/// with <see cref="KeelCacheOptions.Name"/>. A class of their own, so the meter they use is initialized first.
/// </summary>
internal static class CacheMetrics
{
    /// <summary>Reads answered from a level; tag <c>level</c> (<c>l1</c> or <c>l2</c>).</summary>
    public static readonly Counter<long> Hits = KeelMetrics.Meter.CreateCounter<long>(
        "keel.cache.hits", unit: "{hit}", description: "Cache reads answered from L1 or L2.");

    /// <summary>Reads a level could not answer; tag <c>level</c>.</summary>
    public static readonly Counter<long> Misses = KeelMetrics.Meter.CreateCounter<long>(
        "keel.cache.misses", unit: "{miss}", description: "Cache reads a level could not answer.");

    /// <summary>Factory calls; tag <c>kind</c> (<c>miss</c> or <c>refresh</c>) and <c>outcome</c> (<c>ok</c>, <c>error</c>, <c>timeout</c>).</summary>
    public static readonly Counter<long> FactoryCalls = KeelMetrics.Meter.CreateCounter<long>(
        "keel.cache.factory_calls", unit: "{call}", description: "Cache factory calls.");

    /// <summary>Stale values served by fail-safe; tag <c>reason</c> (<c>error</c>, <c>timeout</c>, <c>soft_timeout</c>, <c>throttled</c>).</summary>
    public static readonly Counter<long> StaleServed = KeelMetrics.Meter.CreateCounter<long>(
        "keel.cache.stale_served", unit: "{value}", description: "Stale values served by fail-safe.");

    /// <summary>L1 entries dropped by the memory cache; tag <c>reason</c> (<c>capacity</c>, <c>expired</c>).</summary>
    public static readonly Counter<long> Evictions = KeelMetrics.Meter.CreateCounter<long>(
        "keel.cache.evictions", unit: "{entry}", description: "L1 entries evicted for capacity or expiry.");

    /// <summary>Backplane messages; tag <c>direction</c> (<c>sent</c> or <c>received</c>).</summary>
    public static readonly Counter<long> BackplaneMessages = KeelMetrics.Meter.CreateCounter<long>(
        "keel.cache.backplane.messages", unit: "{message}", description: "Cache backplane messages sent and received.");

    /// <summary>Failed L2 and backplane operations the cache rode over; tag <c>source</c> (<c>l2</c>, <c>backplane</c>, <c>lock</c>).</summary>
    public static readonly Counter<long> Errors = KeelMetrics.Meter.CreateCounter<long>(
        "keel.cache.errors", unit: "{error}", description: "L2, backplane and lock failures the cache degraded over.");

    /// <summary>Invalidations L2 refused that wait to be replayed (up and down); see <see cref="KeelCacheOptions.MaxPendingInvalidations"/>.</summary>
    public static readonly UpDownCounter<long> PendingInvalidations = KeelMetrics.Meter.CreateUpDownCounter<long>(
        "keel.cache.invalidations.pending", unit: "{invalidation}", description: "Cache invalidations L2 refused, waiting to be replayed.");

    /// <summary>Pending invalidations L2 took on a retry; tag <c>action</c> (<c>remove</c> or <c>tag</c>).</summary>
    public static readonly Counter<long> PendingReplayed = KeelMetrics.Meter.CreateCounter<long>(
        "keel.cache.invalidations.replayed", unit: "{invalidation}", description: "Pending cache invalidations replayed to L2.");

    /// <summary>Pending invalidations given up because more than the bound were waiting.</summary>
    public static readonly Counter<long> PendingDropped = KeelMetrics.Meter.CreateCounter<long>(
        "keel.cache.invalidations.dropped", unit: "{invalidation}", description: "Pending cache invalidations given up over the bound.");
}
