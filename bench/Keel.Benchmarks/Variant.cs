namespace Keel.Benchmarks;

/// <summary>
/// One contender's way of doing a workload. <see cref="RunAsync"/> performs the given number of operations on the
/// contender's single open connection and returns a checksum of what it read, so results are checked, not assumed.
/// </summary>
/// <param name="Name">The row label in the table, e.g. <c>Keel</c> or <c>raw Npgsql (prepared)</c>.</param>
/// <param name="RunAsync">The timed loop.</param>
/// <param name="BeforeRunAsync">Untimed preparation before each run (e.g. a fresh DbContext for inserts).</param>
/// <param name="IsBaseline">The row every ratio in its workload is computed against.</param>
/// <param name="TakeStats">Latency percentiles and hit ratio of the run just finished, for variants that record them (W6).</param>
internal sealed record Variant(
    string Name,
    Func<int, CancellationToken, Task<long>> RunAsync,
    Func<CancellationToken, Task>? BeforeRunAsync = null,
    bool IsBaseline = false,
    Func<RunStats>? TakeStats = null);
