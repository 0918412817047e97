namespace Keel.Benchmarks;

/// <summary>
/// One variant's medians, its ratio to the workload's baseline, and every measured run for the record; commands per
/// operation where the workload counts them; median latency percentiles (µs) and hit ratio where the variant records them.
/// </summary>
internal sealed record VariantResult(
    string Name,
    double OpsPerSecond,
    double AllocatedBytesPerOp,
    double Ratio,
    IReadOnlyList<double> RunsOpsPerSecond,
    IReadOnlyList<double> RunsAllocatedBytesPerOp,
    double? CommandsPerOp = null,
    double? P50Microseconds = null,
    double? P99Microseconds = null,
    double? HitRatio = null);
