using System.Diagnostics.Metrics;

namespace Keel.Benchmarks;

/// <summary>
/// Counts the commands every contender sends, at the one place they all share: Npgsql's own
/// <c>db.client.operation.duration</c> instrument, recorded once per executed command (a batch counts once).
/// Used only in an untimed counting run, so listening never slows a measured one.
/// </summary>
internal sealed class CommandCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _commands;

    public CommandCounter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Npgsql" && instrument.Name == "db.client.operation.duration")
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<double>((_, _, _, _) => Interlocked.Increment(ref _commands));
        _listener.Start();
    }

    public long Commands => Interlocked.Read(ref _commands);

    public void Dispose() => _listener.Dispose();
}
