namespace Keel.Benchmarks;

/// <summary>What one benchmark run found; written to bench/results/latest.json.</summary>
internal sealed record BenchReport(
    DateTimeOffset Date,
    MachineInfo Machine,
    int Runs,
    int WarmupRuns,
    bool Quick,
    int BatchSize,
    IReadOnlyList<WorkloadResult> Workloads);
