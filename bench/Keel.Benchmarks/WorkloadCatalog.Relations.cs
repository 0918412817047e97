namespace Keel.Benchmarks;

/// <summary>
/// W5: 200 orders with their items (and each item's product), loaded the ways people write it. The baseline is the
/// hand-written two-query load, the shape a batched relation loader aims at; each variant also reports its commands.
/// </summary>
internal static partial class WorkloadCatalog
{
    public const string TwoQueries = "raw Npgsql, two queries (ANY)";

    private static void AddRelationWorkloads(List<Workload> workloads, BenchSettings settings, ContenderSet c)
    {
        workloads.Add(new Workload("relations", "W5 200 orders + items", settings.Scale(400),
        [
            new(TwoQueries, (n, ct) => c.RawPrepared.LoadOrdersTwoQueriesAsync(n, ct), IsBaseline: true),
            new("raw Npgsql, N+1 loop", (n, ct) => c.RawPrepared.LoadOrdersOneByOneAsync(n, ct)),
            new("raw Npgsql, one JOIN", (n, ct) => c.RawPrepared.LoadOrdersJoinedAsync(n, ct)),
            new("EF Core Include (single query)", (n, ct) => c.EfCore.LoadOrdersIncludeAsync(n, ct)),
            new("EF Core Include (AsSplitQuery)", (n, ct) => c.EfCore.LoadOrdersSplitAsync(n, ct)),
            new("Keel DataLoader", (n, ct) => c.Keel.LoadOrdersWithLoaderAsync(n, ct)),
            new("Keel Include", (n, ct) => c.Keel.LoadOrdersWithIncludeAsync(n, ct)),
        ])
        {
            VerifyAsync = (checksum, n, _) => Expect(checksum, OrderData.ExpectedChecksum(n), "relations"),
            CountCommandsOver = Math.Min(settings.Scale(400), 10),
        });
    }
}
