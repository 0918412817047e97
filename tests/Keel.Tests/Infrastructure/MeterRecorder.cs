using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Keel.Tests;

/// <summary>Listens to the Keel meter and sums what each instrument records (counters and histogram counts).</summary>
public sealed class MeterRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _counts = new();
    private readonly ConcurrentQueue<(string Instrument, double Value, KeyValuePair<string, object?>[] Tags)> _measurements = new();

    public MeterRecorder()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == KeelMetrics.MeterName)
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i.Name, v, t));
        _listener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i.Name, v, t));
        _listener.Start();
    }

    /// <summary>Sum of counter increments, or number of histogram recordings.</summary>
    public long Count(string instrument) => _counts.TryGetValue(instrument, out var n) ? n : 0;

    public IReadOnlyList<(string Instrument, double Value, KeyValuePair<string, object?>[] Tags)> Measurements => [.. _measurements];

    private void Record(string instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        _counts.AddOrUpdate(instrument, instrument.EndsWith("duration", StringComparison.Ordinal) ? 1 : (long)value, (_, n) => n + (instrument.EndsWith("duration", StringComparison.Ordinal) ? 1 : (long)value));
        _measurements.Enqueue((instrument, value, tags.ToArray()));
    }

    public void Dispose() => _listener.Dispose();
}
