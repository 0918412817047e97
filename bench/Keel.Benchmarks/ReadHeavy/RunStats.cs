namespace Keel.Benchmarks;

/// <summary>What one run of a latency-recording variant saw besides its throughput.</summary>
/// <param name="P50Microseconds">The median operation's latency.</param>
/// <param name="P99Microseconds">The 99th percentile operation's latency.</param>
/// <param name="HitRatio">Reads answered by the cache (L1 or L2) over all reads; null without a cache.</param>
internal sealed record RunStats(double P50Microseconds, double P99Microseconds, double? HitRatio);
