using System.Diagnostics.Metrics;

namespace Keel;

/// <summary>
/// Keel's instruments on the <c>Keel</c> meter. OpenTelemetry (<c>AddMeter("Keel")</c>), dotnet-counters
/// or a <see cref="MeterListener"/> read them; nothing is recorded unless someone listens.
/// </summary>
public static class KeelMetrics
{
    /// <summary>The meter name: <c>Keel</c>.</summary>
    public const string MeterName = "Keel";

    internal static readonly Meter Meter = new(MeterName, "1.0");

    /// <summary>Duration of each command in seconds; tags <c>operation</c> and <c>outcome</c>.</summary>
    internal static readonly Histogram<double> CommandDuration = Meter.CreateHistogram<double>(
        "keel.command.duration", unit: "s", description: "Duration of SQL commands sent through Keel.");

    /// <summary>Rows returned or affected; tag <c>operation</c>.</summary>
    internal static readonly Counter<long> Rows = Meter.CreateCounter<long>(
        "keel.command.rows", unit: "{row}", description: "Rows returned or affected by Keel commands.");

    /// <summary>Failed commands; tags <c>operation</c> and <c>error</c> (SQLSTATE or exception kind).</summary>
    internal static readonly Counter<long> Errors = Meter.CreateCounter<long>(
        "keel.command.errors", unit: "{error}", description: "Commands that failed.");

    /// <summary>Duration of transactions from BEGIN to COMMIT or ROLLBACK; tag <c>outcome</c>.</summary>
    internal static readonly Histogram<double> TransactionDuration = Meter.CreateHistogram<double>(
        "keel.transaction.duration", unit: "s", description: "Duration of transactions.");

    /// <summary>Transaction attempts retried after a serialization failure or deadlock; tag <c>reason</c>.</summary>
    internal static readonly Counter<long> Retries = Meter.CreateCounter<long>(
        "keel.transaction.retries", unit: "{retry}", description: "Transactions run again after a retryable error.");

    /// <summary>Serialization failures (SQLSTATE 40001) seen, retried or not.</summary>
    internal static readonly Counter<long> SerializationFailures = Meter.CreateCounter<long>(
        "keel.transaction.serialization_failures", unit: "{failure}", description: "Serialization failures (40001).");

    /// <summary>Deadlocks (SQLSTATE 40P01) seen, retried or not.</summary>
    internal static readonly Counter<long> Deadlocks = Meter.CreateCounter<long>(
        "keel.transaction.deadlocks", unit: "{deadlock}", description: "Deadlocks (40P01).");

    /// <summary>Batches a <see cref="DataLoader{TKey, T}"/> sent to its batch function; tag <c>loader</c> (the value type).</summary>
    internal static readonly Counter<long> LoaderBatches = Meter.CreateCounter<long>(
        "keel.loader.batches", unit: "{batch}", description: "Batches sent by Keel data loaders.");

    /// <summary>Distinct keys in each loader batch; tag <c>loader</c>.</summary>
    internal static readonly Histogram<long> LoaderKeys = Meter.CreateHistogram<long>(
        "keel.loader.keys", unit: "{key}", description: "Keys per data loader batch.");
}
