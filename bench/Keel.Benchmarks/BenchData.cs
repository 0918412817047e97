using Npgsql;
using NpgsqlTypes;

namespace Keel.Benchmarks;

/// <summary>
/// The inputs every contender gets: the same random key and offset sequences (fixed seeds) and the same rows to
/// insert, all made before any timing so that building them never counts as a contender's allocation.
/// </summary>
internal sealed class BenchData
{
    public const int UserCount = 10_000;
    public const int PageSize = 100;

    private static readonly DateTime Epoch = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private BenchData(int[] keys, int[] offsets, UserRow[] newRows)
    {
        Keys = keys;
        Offsets = offsets;
        NewRows = newRows;
    }

    /// <summary>User ids for get-by-id, uniformly drawn from 1..10,000.</summary>
    public int[] Keys { get; }

    /// <summary>OFFSETs for the list workload: any page start that still yields 100 rows.</summary>
    public int[] Offsets { get; }

    /// <summary>Rows for the insert workload, ids 1..n (the table is truncated before each run).</summary>
    public UserRow[] NewRows { get; }

    public static BenchData Create(int keyCount, int offsetCount, int rowCount)
    {
        var keyRandom = new Random(20261122);
        var keys = new int[keyCount];
        for (var i = 0; i < keys.Length; i++)
            keys[i] = keyRandom.Next(1, UserCount + 1);

        var offsetRandom = new Random(11222026);
        var offsets = new int[offsetCount];
        for (var i = 0; i < offsets.Length; i++)
            offsets[i] = offsetRandom.Next(0, UserCount - PageSize + 1);

        var rows = new UserRow[rowCount];
        for (var i = 0; i < rows.Length; i++)
            rows[i] = MakeUser(i + 1);
        return new BenchData(keys, offsets, rows);
    }

    /// <summary>Creates both tables and fills <c>users</c> by binary COPY (once per process, outside any timing).</summary>
    public static async Task SeedAsync(NpgsqlDataSource admin, CancellationToken cancellationToken)
    {
        await using var connection = await admin.OpenConnectionAsync(cancellationToken);
        await using (var create = new NpgsqlCommand(BenchSql.CreateTables, connection))
            await create.ExecuteNonQueryAsync(cancellationToken);

        await using (var importer = await connection.BeginBinaryImportAsync(BenchSql.Copy.Replace("new_users", "users", StringComparison.Ordinal), cancellationToken))
        {
            for (var id = 1; id <= UserCount; id++)
            {
                var user = MakeUser(id);
                await importer.StartRowAsync(cancellationToken);
                await importer.WriteAsync(user.Id, NpgsqlDbType.Integer, cancellationToken);
                await importer.WriteAsync(user.Name, NpgsqlDbType.Text, cancellationToken);
                await importer.WriteAsync(user.Email, NpgsqlDbType.Text, cancellationToken);
                await importer.WriteAsync(user.CreatedAt, NpgsqlDbType.TimestampTz, cancellationToken);
            }

            await importer.CompleteAsync(cancellationToken);
        }

        await using var analyze = new NpgsqlCommand("VACUUM ANALYZE users", connection);
        await analyze.ExecuteNonQueryAsync(cancellationToken);
    }

    private static UserRow MakeUser(int id) => new()
    {
        Id = id,
        Name = "User " + id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Email = "user" + id.ToString(System.Globalization.CultureInfo.InvariantCulture) + "@example.com",
        CreatedAt = Epoch.AddSeconds(id * 37),
    };
}
