using Microsoft.Extensions.Logging;

namespace Keel;

/// <summary>Keel's log messages, generated at build time (no formatting cost when disabled).</summary>
internal static partial class KeelLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning,
        Message = "Slow SQL command ({ElapsedMs:F1} ms, threshold {ThresholdMs} ms): {Statement} {Parameters}")]
    public static partial void SlowCommand(ILogger logger, double elapsedMs, double thresholdMs, string statement, string parameters);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning,
        Message = "Transaction attempt {Attempt} failed with SQLSTATE {SqlState}; retrying in {DelayMs:F0} ms")]
    public static partial void TransactionRetry(ILogger logger, int attempt, string sqlState, double delayMs);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Error,
        Message = "An OnCommitted callback failed after the transaction committed")]
    public static partial void CommittedCallbackFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Error,
        Message = "The connection was lost during COMMIT; the outcome is unknown and the transaction is not retried")]
    public static partial void CommitOutcomeUnknown(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Warning,
        Message = "N+1 query pattern: a statement ran {Executions} times with different parameters in one scope, from {Location}: {Statement}")]
    public static partial void NPlusOne(ILogger logger, int executions, string location, string statement);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Debug,
        Message = "SQL command failed with SQLSTATE {SqlState}: {Statement}")]
    public static partial void CommandFailed(ILogger logger, string sqlState, string statement);
}
