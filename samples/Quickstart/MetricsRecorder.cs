using System.Diagnostics.Metrics;
using Keel;

namespace Quickstart;

/// <summary>
/// Listens to Keel's meter in-process, the way an OpenTelemetry exporter would, so the sample can report what
/// Keel measured (retries, serialization failures, command latency) rather than counting on its own.
/// </summary>
internal sealed class MetricsRecorder : IDisposable
{
    private static readonly string[] ControlOperations = ["begin", "commit", "rollback"];

    private readonly MeterListener _listener = new();
    private readonly Lock _gate = new();
    private readonly List<double> _sqlSeconds = [];
    private readonly Dictionary<string, long> _commandsByOperation = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _transactionsByOutcome = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _errorsByCode = new(StringComparer.Ordinal);
    private double _transactionSeconds;
    private long _rows;
    private long _retries;
    private long _serializationFailures;
    private long _deadlocks;

    public MetricsRecorder()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == KeelMetrics.MeterName)
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<double>(OnDouble);
        _listener.SetMeasurementEventCallback<long>(OnLong);
        _listener.Start();
    }

    /// <summary>Transaction attempts Keel ran again (keel.transaction.retries).</summary>
    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>SQLSTATE 40001 seen by any command or COMMIT (keel.transaction.serialization_failures).</summary>
    public long SerializationFailures => Interlocked.Read(ref _serializationFailures);

    /// <summary>SQLSTATE 40P01 seen (keel.transaction.deadlocks).</summary>
    public long Deadlocks => Interlocked.Read(ref _deadlocks);

    /// <summary>Rows returned or affected (keel.command.rows).</summary>
    public long Rows => Interlocked.Read(ref _rows);

    /// <summary>A consistent copy of everything recorded so far.</summary>
    public MetricsSummary Summarize()
    {
        lock (_gate)
        {
            var sorted = _sqlSeconds.ToArray();
            Array.Sort(sorted);
            var transactions = _transactionsByOutcome.Values.Sum();
            return new MetricsSummary(
                new Dictionary<string, long>(_commandsByOperation, StringComparer.Ordinal),
                sorted.Length,
                Percentile(sorted, 0.50),
                Percentile(sorted, 0.95),
                Percentile(sorted, 0.99),
                sorted.Length == 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(sorted.Average()),
                new Dictionary<string, long>(_transactionsByOutcome, StringComparer.Ordinal),
                transactions == 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(_transactionSeconds / transactions),
                new Dictionary<string, long>(_errorsByCode, StringComparer.Ordinal),
                Rows,
                Retries,
                SerializationFailures,
                Deadlocks);
        }
    }

    public void Dispose() => _listener.Dispose();

    private void OnDouble(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        switch (instrument.Name)
        {
            case "keel.command.duration":
                var operation = Tag(tags, "operation");
                lock (_gate)
                {
                    Increment(_commandsByOperation, operation);
                    // BEGIN rides with the next command and COMMIT/ROLLBACK are control steps: latency is about SQL.
                    if (Array.IndexOf(ControlOperations, operation) < 0)
                        _sqlSeconds.Add(value);
                }

                break;
            case "keel.transaction.duration":
                lock (_gate)
                {
                    Increment(_transactionsByOutcome, Tag(tags, "outcome"));
                    _transactionSeconds += value;
                }

                break;
        }
    }

    private void OnLong(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        switch (instrument.Name)
        {
            case "keel.command.rows":
                Interlocked.Add(ref _rows, value);
                break;
            case "keel.command.errors":
                lock (_gate)
                    Increment(_errorsByCode, Tag(tags, "error"), value);
                break;
            case "keel.transaction.retries":
                Interlocked.Add(ref _retries, value);
                break;
            case "keel.transaction.serialization_failures":
                Interlocked.Add(ref _serializationFailures, value);
                break;
            case "keel.transaction.deadlocks":
                Interlocked.Add(ref _deadlocks, value);
                break;
        }
    }

    private static string Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string key)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == key)
                return tag.Value as string ?? "?";
        }

        return "?";
    }

    private static void Increment(Dictionary<string, long> counts, string key, long by = 1)
        => counts[key] = counts.GetValueOrDefault(key) + by;

    private static TimeSpan Percentile(double[] sorted, double fraction)
    {
        if (sorted.Length == 0)
            return TimeSpan.Zero;
        // Nearest rank: the smallest value with at least `fraction` of the samples at or below it.
        var rank = (int)Math.Ceiling(fraction * sorted.Length);
        return TimeSpan.FromSeconds(sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)]);
    }
}
