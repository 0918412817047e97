using Npgsql;

namespace Keel.Benchmarks;

/// <summary>The workloads of the issue, wired to every contender that takes part in each.</summary>
internal static partial class WorkloadCatalog
{
    public const string RawPrepared = "raw Npgsql (prepared)";
    public const string RawUnprepared = "raw Npgsql (unprepared)";

    public static List<Workload> Build(BenchSettings settings, BenchData data, ContenderSet c, NpgsqlDataSource admin, (ReadHeavyData Data, ReadHeavySet Set)? readHeavy = null)
    {
        var workloads = new List<Workload>();
        if (settings.Includes("get-by-id"))
        {
            var keys = data.Keys;
            workloads.Add(new Workload("get-by-id", "W1 get-by-id", settings.Scale(20_000),
            [
                new(RawPrepared, (n, ct) => c.RawPrepared.GetByIdAsync(keys, n, ct), IsBaseline: true),
                new(RawUnprepared, (n, ct) => c.RawUnprepared.GetByIdAsync(keys, n, ct)),
                new("Dapper", (n, ct) => c.Dapper.GetByIdAsync(keys, n, ct)),
                new("EF Core", (n, ct) => c.EfCore.GetByIdAsync(keys, n, ct)),
                new("Keel", (n, ct) => c.Keel.GetByIdAsync(keys, n, ct)),
                new("Keel Repository.FindAsync", (n, ct) => c.Keel.RepositoryGetByIdAsync(keys, n, ct)),
            ])
            {
                VerifyAsync = (checksum, n, _) => Expect(checksum, SumOfKeys(keys, n), "get-by-id"),
            });
        }

        if (settings.Includes("list"))
        {
            var offsets = data.Offsets;
            workloads.Add(new Workload("list", "W2 list (100 rows)", settings.Scale(2_000),
            [
                new(RawPrepared, (n, ct) => c.RawPrepared.ListAsync(offsets, n, ct), IsBaseline: true),
                new(RawUnprepared, (n, ct) => c.RawUnprepared.ListAsync(offsets, n, ct)),
                new("Dapper", (n, ct) => c.Dapper.ListAsync(offsets, n, ct)),
                new("EF Core", (n, ct) => c.EfCore.ListAsync(offsets, n, ct)),
                new("Keel", (n, ct) => c.Keel.ListAsync(offsets, n, ct)),
                new("Keel Repository.Query", (n, ct) => c.Keel.RepositoryListAsync(offsets, n, ct)),
            ])
            {
                VerifyAsync = (checksum, n, _) => Expect(checksum, SumOfPages(offsets, n), "list"),
            });
        }

        if (settings.Includes("insert"))
        {
            var rows = data.NewRows;
            var operations = settings.Scale(20_000);
            Func<CancellationToken, Task> truncate = ct => ExecuteAsync(admin, "TRUNCATE new_users", ct);
            Func<long, int, CancellationToken, Task> verify = (_, n, ct) => ExpectRowCountAsync(admin, n, ct);
            workloads.Add(new Workload("insert-rows", "W3 insert, row by row", operations,
            [
                new(RawPrepared, (n, ct) => c.RawPrepared.InsertRowsAsync(rows, n, ct), IsBaseline: true),
                new(RawUnprepared, (n, ct) => c.RawUnprepared.InsertRowsAsync(rows, n, ct)),
                new("Dapper", (n, ct) => c.Dapper.InsertRowsAsync(rows, n, ct)),
                new("EF Core (AddRange+SaveChanges)", (n, ct) => c.EfCore.InsertRowsAsync(rows, n, ct), c.EfCore.NewInsertContextAsync),
                new("Keel", (n, ct) => c.Keel.InsertRowsAsync(rows, n, ct)),
                new("Keel Repository.InsertAsync", (n, ct) => c.Keel.RepositoryInsertRowsAsync(rows, n, ct)),
            ])
            {
                ResetAsync = truncate,
                VerifyAsync = verify,
            });
            workloads.Add(new Workload("insert-batched", $"W3 insert, batched ({settings.BatchSize})", operations,
            [
                new("raw NpgsqlBatch (prepared)", (n, ct) => c.RawPrepared.InsertBatchedAsync(rows, n, ct), IsBaseline: true),
                new("Keel ExecuteBatchAsync", (n, ct) => c.Keel.InsertBatchedAsync(rows, n, ct)),
                new("raw binary COPY", (n, ct) => c.RawPrepared.CopyAsync(rows, n, ct)),
                new("Keel Repository.BulkInsertAsync", (n, ct) => c.Keel.RepositoryBulkInsertAsync(rows, n, ct)),
            ])
            {
                ResetAsync = truncate,
                VerifyAsync = verify,
            });
        }

        if (settings.Includes("documents"))
            AddDocumentWorkloads(workloads, settings, c, admin);

        if (settings.Includes("relations"))
            AddRelationWorkloads(workloads, settings, c);

        if (readHeavy is { } w6)
            AddReadHeavyWorkload(workloads, w6.Data, w6.Set);

        return workloads;
    }

    private static long SumOfKeys(int[] keys, int count)
    {
        long sum = 0;
        for (var i = 0; i < count; i++)
            sum += keys[i];
        return sum;
    }

    /// <summary>A page at OFFSET o holds ids o+1 … o+100, whose sum is 100·o + 5050.</summary>
    private static long SumOfPages(int[] offsets, int count)
    {
        long sum = 0;
        for (var i = 0; i < count; i++)
            sum += ((long)BenchData.PageSize * offsets[i]) + (BenchData.PageSize * (BenchData.PageSize + 1) / 2);
        return sum;
    }

    private static Task Expect(long actual, long expected, string workload)
        => actual == expected
            ? Task.CompletedTask
            : throw new InvalidOperationException($"{workload}: checksum {actual}, expected {expected}; a contender returned wrong rows.");

    private static async Task ExpectRowCountAsync(NpgsqlDataSource admin, int expected, CancellationToken cancellationToken)
    {
        await using var command = admin.CreateCommand("SELECT count(*) FROM new_users");
        var actual = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        if (actual != expected)
            throw new InvalidOperationException($"insert: new_users holds {actual} rows, expected {expected}.");
    }

    private static async Task ExecuteAsync(NpgsqlDataSource admin, string sql, CancellationToken cancellationToken)
    {
        await using var command = admin.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
