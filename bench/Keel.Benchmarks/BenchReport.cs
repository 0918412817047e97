namespace Keel.Benchmarks;

/// <summary>
/// What one benchmark run found; written to bench/results/latest.json. <see cref="PreparedStatements"/> counts the
/// server-side prepared statements each contender's connection held at the end, to show which ran prepared.
/// </summary>
internal sealed record BenchReport(
    DateTimeOffset Date,
    MachineInfo Machine,
    int Runs,
    int WarmupRuns,
    bool Quick,
    int BatchSize,
    IReadOnlyList<WorkloadResult> Workloads,
    IReadOnlyDictionary<string, long> PreparedStatements);
