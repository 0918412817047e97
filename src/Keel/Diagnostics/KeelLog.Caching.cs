using Microsoft.Extensions.Logging;

namespace Keel;

/// <summary>The cache's log messages (event ids 1101-1115).</summary>
internal static partial class KeelLog
{
    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning,
        Message = "Cache factory for '{Key}' failed; fail-safe serves the value that expired at {Expired:O}")]
    public static partial void CacheServingStale(ILogger logger, string key, DateTimeOffset expired, Exception exception);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning,
        Message = "Cache factory for '{Key}' passed its {Kind} timeout; fail-safe serves the value that expired at {Expired:O}")]
    public static partial void CacheServingStaleAfterTimeout(ILogger logger, string key, string kind, DateTimeOffset expired);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning,
        Message = "Cache factory for '{Key}' failed in the background (eager refresh or after a soft timeout); the cached value stays")]
    public static partial void CacheBackgroundFactoryFailed(ILogger logger, string key, Exception exception);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Warning,
        Message = "Cache L2 {Operation} for '{Key}' failed; carrying on with L1 and the factory")]
    public static partial void CacheDistributedFailed(ILogger logger, string operation, string key, Exception exception);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Warning,
        Message = "Cache backplane publish of {Action} '{Key}' failed; other nodes keep their L1 copy until it expires")]
    public static partial void CacheBackplanePublishFailed(ILogger logger, string action, string key, Exception exception);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Warning,
        Message = "Cache backplane connection lost; reconnecting in {DelayMs:F0} ms")]
    public static partial void CacheBackplaneDisconnected(ILogger logger, double delayMs, Exception exception);

    [LoggerMessage(EventId = 1107, Level = LogLevel.Information,
        Message = "Cache backplane listening on channel '{Channel}' again; L1 is cleared because messages may have been missed")]
    public static partial void CacheBackplaneReconnected(ILogger logger, string channel);

    [LoggerMessage(EventId = 1108, Level = LogLevel.Warning,
        Message = "Sweeping expired rows from the PostgreSQL cache table failed; the next sweep tries again")]
    public static partial void CacheSweepFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1109, Level = LogLevel.Error,
        Message = "Handling a cache backplane message ({Action} '{Key}') failed")]
    public static partial void CacheBackplaneHandlerFailed(ILogger logger, string action, string key, Exception exception);

    [LoggerMessage(EventId = 1110, Level = LogLevel.Warning,
        Message = "Cache distributed lock for '{Key}' failed; this node runs the factory without it")]
    public static partial void CacheLockFailed(ILogger logger, string key, Exception exception);

    [LoggerMessage(EventId = 1111, Level = LogLevel.Warning,
        Message = "The value for cache key '{Key}' is {Size} bytes, over the {Limit}-byte limit; it is returned but not cached")]
    public static partial void CachePayloadTooLarge(ILogger logger, string key, long size, long limit);

    [LoggerMessage(EventId = 1112, Level = LogLevel.Warning,
        Message = "Cache L2 holds an unreadable entry for '{Key}'; it is treated as a miss and overwritten")]
    public static partial void CacheUnreadableEntry(ILogger logger, string key, Exception? exception);

    [LoggerMessage(EventId = 1113, Level = LogLevel.Debug,
        Message = "Replaying pending cache invalidations to L2 failed ({Count} pending); retrying with backoff, and their keys read as misses from L2 meanwhile")]
    public static partial void CachePendingReplayFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(EventId = 1114, Level = LogLevel.Information,
        Message = "Replayed {Count} cache invalidations that L2 had refused, and announced them on the backplane again")]
    public static partial void CachePendingReplayed(ILogger logger, int count);

    [LoggerMessage(EventId = 1115, Level = LogLevel.Error,
        Message = "More than {Limit} cache invalidations wait for L2; the oldest ('{Key}') and any further overflow are given up, and L2 may serve their old values until they expire")]
    public static partial void CachePendingOverflow(ILogger logger, int limit, string key);
}
