using Microsoft.Extensions.Logging;

namespace Keel;

/// <summary>Durable write-behind's log messages (event ids 1121-1126).</summary>
internal static partial class KeelLog
{
    [LoggerMessage(EventId = 1121, Level = LogLevel.Warning,
        Message = "Write-behind apply of write {Id} ({Target} '{Key}') failed on attempt {Attempt} of {MaxAttempts}; it is tried again at {RetryAt:O}")]
    public static partial void WriteBehindApplyFailed(ILogger logger, long id, string target, string key, int attempt, int maxAttempts, DateTimeOffset retryAt, Exception exception);

    [LoggerMessage(EventId = 1122, Level = LogLevel.Error,
        Message = "Write-behind write {Id} ({Target} '{Key}') failed {Attempts} times and is dead-lettered; later writes to the key wait until it is re-driven or discarded")]
    public static partial void WriteBehindDeadLettered(ILogger logger, long id, string target, string key, int attempts, Exception exception);

    [LoggerMessage(EventId = 1123, Level = LogLevel.Warning,
        Message = "Write-behind batch failed before its writes could be applied (nothing was taken off the queue); trying again in {DelayMs:F0} ms")]
    public static partial void WriteBehindBatchFailed(ILogger logger, double delayMs, Exception exception);

    [LoggerMessage(EventId = 1124, Level = LogLevel.Information,
        Message = "Write-behind worker started on queue '{Queue}' for targets {Targets}")]
    public static partial void WriteBehindStarted(ILogger logger, string queue, IEnumerable<string> targets);

    [LoggerMessage(EventId = 1125, Level = LogLevel.Information,
        Message = "Write-behind worker on queue '{Queue}' stopped after applying {Applied} writes")]
    public static partial void WriteBehindStopped(ILogger logger, string queue, long applied);

    [LoggerMessage(EventId = 1126, Level = LogLevel.Warning,
        Message = "Write-behind batch was applied, but removing its keys from the cache failed; they stay until they expire")]
    public static partial void WriteBehindInvalidationFailed(ILogger logger, Exception exception);
}
