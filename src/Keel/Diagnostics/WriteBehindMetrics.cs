using System.Diagnostics.Metrics;

namespace Keel;

/// <summary>
/// Durable write-behind's instruments on the Keel meter; every one is tagged <c>queue</c> with
/// <see cref="WriteBehindOptions.Name"/>. A class of their own, so the meter they use is initialized first.
/// </summary>
internal static class WriteBehindMetrics
{
    /// <summary>Writes queued (counted when their transaction commits); tag <c>operation</c> (<c>upsert</c>, <c>delete</c>).</summary>
    public static readonly Counter<long> Queued = KeelMetrics.Meter.CreateCounter<long>(
        "keel.write_behind.queued", unit: "{write}", description: "Writes recorded in the write-behind queue.");

    /// <summary>Writes taken off the queue by a committed batch; tag <c>outcome</c> (<c>applied</c>, or <c>coalesced</c> when a later write to the key superseded it).</summary>
    public static readonly Counter<long> Applied = KeelMetrics.Meter.CreateCounter<long>(
        "keel.write_behind.applied", unit: "{write}", description: "Queued writes applied to their target.");

    /// <summary>Failed attempts that will be tried again after a backoff.</summary>
    public static readonly Counter<long> Retried = KeelMetrics.Meter.CreateCounter<long>(
        "keel.write_behind.retried", unit: "{write}", description: "Queued writes whose apply failed and will be retried.");

    /// <summary>Writes dead-lettered after their last allowed attempt.</summary>
    public static readonly Counter<long> DeadLettered = KeelMetrics.Meter.CreateCounter<long>(
        "keel.write_behind.dead_lettered", unit: "{write}", description: "Queued writes that failed too often and were dead-lettered.");

    /// <summary>Seconds from enqueue to the commit that applied the write.</summary>
    public static readonly Histogram<double> Lag = KeelMetrics.Meter.CreateHistogram<double>(
        "keel.write_behind.lag", unit: "s", description: "Time from enqueue to apply of write-behind writes.");
}
