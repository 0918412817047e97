namespace Quickstart;

/// <summary>What <see cref="MetricsRecorder"/> saw, frozen at one moment.</summary>
internal sealed record MetricsSummary(
    IReadOnlyDictionary<string, long> CommandsByOperation,
    int SqlCommands,
    TimeSpan P50,
    TimeSpan P95,
    TimeSpan P99,
    TimeSpan Mean,
    IReadOnlyDictionary<string, long> TransactionsByOutcome,
    TimeSpan MeanTransaction,
    IReadOnlyDictionary<string, long> ErrorsByCode,
    long Rows,
    long Retries,
    long SerializationFailures,
    long Deadlocks);
