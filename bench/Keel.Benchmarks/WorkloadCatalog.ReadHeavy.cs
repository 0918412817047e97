namespace Keel.Benchmarks;

/// <summary>
/// W6: a read-heavy load on 1,000 hot users of 100,000 — 95 % reads by id, 5 % updates that invalidate the user's key
/// after commit — through the database alone (the baseline) and through KeelCache with each L2. Each variant reports
/// p50/p99 latency per operation and the share of reads the cache answered.
/// </summary>
internal static partial class WorkloadCatalog
{
    public const string DatabaseOnly = "database only (Keel session)";

    private static void AddReadHeavyWorkload(List<Workload> workloads, ReadHeavyData data, ReadHeavySet set)
    {
        var variants = new List<Variant>
        {
            Of(DatabaseOnly, set.DatabaseOnly, data, baseline: true),
            Of("KeelCache L1+L2 (PostgreSQL L2)", set.PostgresL2, data),
        };
        if (set.RedisL2 is not null)
            variants.Add(Of("KeelCache L1+L2 (Redis L2)", set.RedisL2, data));
        workloads.Add(new Workload("read-heavy", "W6 read-heavy (95/5)", data.Operations.Length, variants)
        {
            VerifyAsync = (checksum, n, _) => Expect(checksum, data.ExpectedChecksum(n), "read-heavy"),
        });
    }

    private static Variant Of(string name, ReadHeavyContender contender, ReadHeavyData data, bool baseline = false)
        => new(name, (n, ct) => contender.RunAsync(data, n, ct), contender.BeforeRunAsync, baseline, contender.TakeStats);
}
