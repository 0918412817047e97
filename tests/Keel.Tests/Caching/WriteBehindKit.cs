namespace Keel.Tests.Caching;

/// <summary>
/// A queue table and a target table of their own per test: <c>profiles_x</c> (id, name, applications — incremented
/// by every apply) and <c>applied_x</c> (one row per applied queue id, primary key, so a write applied twice fails).
/// </summary>
internal sealed class WriteBehindKit
{
    public const string Target = "profiles";

    private WriteBehindKit(KeelDataSource keel, WriteBehindQueue queue, string suffix)
    {
        Keel = keel;
        Queue = queue;
        Profiles = Sql.Identifier("profiles_" + suffix);
        Applied = Sql.Identifier("applied_" + suffix);
    }

    public KeelDataSource Keel { get; }

    public WriteBehindQueue Queue { get; }

    public Sql Profiles { get; }

    public Sql Applied { get; }

    public static async Task<WriteBehindKit> CreateAsync(KeelDataSource keel, Func<WriteBehindOptions, WriteBehindOptions>? configure = null)
    {
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var options = new WriteBehindOptions { Table = "wb_" + suffix, Name = "q_" + suffix };
        var queue = new WriteBehindQueue(keel, configure is null ? options : configure(options));
        await queue.EnsureSchemaAsync();
        var kit = new WriteBehindKit(keel, queue, suffix);
        await using var session = await keel.OpenSessionAsync();
        await session.ExecuteAsync($"CREATE TABLE {kit.Profiles} (id text PRIMARY KEY, name text NOT NULL, applications integer NOT NULL)");
        await session.ExecuteAsync($"CREATE TABLE {kit.Applied} (queue_id bigint PRIMARY KEY, key text NOT NULL, seq bigserial)");
        return kit;
    }

    /// <summary>A worker mapping <see cref="Target"/> to <see cref="ApplyAsync"/>, optionally wrapped.</summary>
    public WriteBehindWorker Worker(WriteBehindWorkerOptions? options = null, Func<KeelTransaction, WriteBehindWrite<Profile>, CancellationToken, Task>? before = null)
        => new WriteBehindWorker(Queue, options).Map<Profile>(Target, async (tx, write, ct) =>
        {
            if (before is not null)
                await before(tx, write, ct);
            await ApplyAsync(tx, write, ct);
        });

    /// <summary>The apply function: records the queue id (once only) and upserts or deletes the row, counting applications.</summary>
    public async Task ApplyAsync(KeelTransaction tx, WriteBehindWrite<Profile> write, CancellationToken ct)
    {
        await tx.ExecuteAsync($"INSERT INTO {Applied} (queue_id, key) VALUES ({write.Id}, {write.Key})", ct);
        if (write.IsDelete)
            await tx.ExecuteAsync($"DELETE FROM {Profiles} WHERE id = {write.Key}", ct);
        else
            await tx.ExecuteAsync($"INSERT INTO {Profiles} AS p (id, name, applications) VALUES ({write.Key}, {write.Value!.Name}, 1) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, applications = p.applications + 1", ct);
    }

    /// <summary>Reads a profile from the target table (the applied state), or null.</summary>
    public async Task<Profile?> LoadAppliedAsync(SqlExecutor executor, string key, CancellationToken ct)
        => await executor.QuerySingleOrDefaultAsync<Profile>($"SELECT applications AS id, name FROM {Profiles} WHERE id = {key}", ct);

    public async Task<T> ScalarAsync<T>(Sql sql)
    {
        await using var session = await Keel.OpenSessionAsync();
        return (await session.ScalarAsync<T>(sql))!;
    }

    public Task<long> QueueCountAsync() => ScalarAsync<long>($"SELECT count(*) FROM {Queue.Table}");

    public Task<long> AppliedCountAsync() => ScalarAsync<long>($"SELECT count(*) FROM {Applied}");

    public Task<string?> NameAsync(string key) => ScalarAsync<string?>($"SELECT name FROM {Profiles} WHERE id = {key}");

    public Task<int> ApplicationsAsync(string key) => ScalarAsync<int>($"SELECT coalesce(max(applications), 0) FROM {Profiles} WHERE id = {key}");

    /// <summary>Runs batches until one takes nothing off the queue.</summary>
    public static async Task DrainAsync(WriteBehindWorker worker)
    {
        while (await worker.RunOnceAsync() > 0)
        {
        }
    }
}
