using System.Globalization;
using Npgsql;
using NpgsqlTypes;

namespace Keel.Benchmarks;

/// <summary>
/// W6's data: 100,000 users, 1,000 of them hot (a fixed-seed sample), and one fixed-seed sequence of operations on the
/// hot ones: 95 % reads by id, 5 % updates. Made before any timing.
/// </summary>
internal sealed class ReadHeavyData
{
    public const int UserCount = 100_000;
    public const int HotCount = 1_000;
    public const int UpdatePercent = 5;

    private ReadHeavyData(int[] hot, int[] operations)
    {
        Hot = hot;
        Operations = operations;
    }

    /// <summary>The hot users' ids.</summary>
    public int[] Hot { get; }

    /// <summary>
    /// One entry per operation: the index into <see cref="Hot"/> of the user it touches, negated minus one for an
    /// update (so <c>-1 - i</c> updates hot user <c>i</c>).
    /// </summary>
    public int[] Operations { get; }

    /// <summary>How many of the first <paramref name="count"/> operations are reads.</summary>
    public int ReadsIn(int count)
    {
        var reads = 0;
        for (var i = 0; i < count; i++)
        {
            if (Operations[i] >= 0)
                reads++;
        }

        return reads;
    }

    /// <summary>The sum of the ids the first <paramref name="count"/> reads return: every run's checksum.</summary>
    public long ExpectedChecksum(int count)
    {
        long sum = 0;
        for (var i = 0; i < count; i++)
        {
            if (Operations[i] >= 0)
                sum += Hot[Operations[i]];
        }

        return sum;
    }

    public static ReadHeavyData Create(int operationCount)
    {
        var random = new Random(20261123);
        var hot = new HashSet<int>();
        while (hot.Count < HotCount)
            hot.Add(random.Next(1, UserCount + 1));
        var hotIds = hot.ToArray();
        var operations = new int[operationCount];
        for (var i = 0; i < operations.Length; i++)
        {
            var user = random.Next(HotCount);
            operations[i] = random.Next(100) < UpdatePercent ? -1 - user : user;
        }

        return new ReadHeavyData(hotIds, operations);
    }

    /// <summary>Creates <c>w6_users</c> and fills it by binary COPY (once per process, outside any timing).</summary>
    public static async Task SeedAsync(NpgsqlDataSource admin, CancellationToken cancellationToken)
    {
        await using var connection = await admin.OpenConnectionAsync(cancellationToken);
        await using (var create = new NpgsqlCommand(
            "CREATE TABLE w6_users (id integer PRIMARY KEY, name text NOT NULL, email text NOT NULL, visits integer NOT NULL)", connection))
            await create.ExecuteNonQueryAsync(cancellationToken);

        await using (var importer = await connection.BeginBinaryImportAsync("COPY w6_users (id, name, email, visits) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            for (var id = 1; id <= UserCount; id++)
            {
                var text = id.ToString(CultureInfo.InvariantCulture);
                await importer.StartRowAsync(cancellationToken);
                await importer.WriteAsync(id, NpgsqlDbType.Integer, cancellationToken);
                await importer.WriteAsync("User " + text, NpgsqlDbType.Text, cancellationToken);
                await importer.WriteAsync("user" + text + "@example.com", NpgsqlDbType.Text, cancellationToken);
                await importer.WriteAsync(0, NpgsqlDbType.Integer, cancellationToken);
            }

            await importer.CompleteAsync(cancellationToken);
        }

        await using var analyze = new NpgsqlCommand("VACUUM ANALYZE w6_users", connection);
        await analyze.ExecuteNonQueryAsync(cancellationToken);
    }
}
