using Keel.Tests;

namespace Keel.Redis.Tests;

/// <summary>A real PostgreSQL behind two KeelCache nodes over Redis, with Redis killed between a read and a committed update.</summary>
public sealed class KeelCacheRedisDatabaseTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private int _queries;

    [Fact]
    public async Task While_Redis_is_down_reads_fall_back_to_PostgreSQL_and_an_update_committed_meanwhile_reaches_every_node_once_it_is_back()
    {
        await using (var session = await db.Keel.OpenSessionAsync())
        {
            await session.ExecuteAsync($"CREATE TABLE members (id int PRIMARY KEY, name text NOT NULL)");
            await session.ExecuteAsync($"INSERT INTO members VALUES (1, 'Ada')");
        }

        await using var server = await RedisServer.StartAsync();
        await using var a = await CacheNode.StartAsync(server.Options, "db", "a");
        await using var b = await CacheNode.StartAsync(server.Options, "db", "b");
        Assert.Equal("Ada", (await a.Cache.GetOrSetAsync("member:1", LoadAsync, CacheNode.OneHour)).Name);
        Assert.Equal("Ada", (await b.Cache.GetOrSetAsync("member:1", LoadAsync, CacheNode.OneHour)).Name);
        Assert.Equal(1, _queries);

        await server.StopAsync();

        await db.Keel.InTransactionAsync(async (tx, ct) =>
        {
            await tx.ExecuteAsync($"UPDATE members SET name = 'Grace' WHERE id = {1}", ct);
            a.Cache.RemoveAfterCommit(tx, "member:1");
        });

        Assert.Equal("Grace", (await a.Cache.GetOrSetAsync("member:1", LoadAsync, CacheNode.OneHour)).Name);
        Assert.Equal(2, _queries);
        // The backplane is down with Redis: b keeps its copy (until its L1 duration ends, an hour here) ...
        Assert.Equal("Ada", (await b.Cache.GetOrSetAsync("member:1", LoadAsync, CacheNode.OneHour)).Name);

        await server.RestartAsync();

        // ... and drops it when its backplane resubscribes, since it may have missed messages.
        await Eventually.HoldsAsync(async () => (await b.Cache.GetOrSetAsync("member:1", LoadAsync, CacheNode.OneHour)).Name == "Grace", "b reads the committed update");
        Assert.Equal("Grace", (await a.Cache.GetOrSetAsync("member:1", LoadAsync, CacheNode.OneHour)).Name);
    }

    private async Task<Member> LoadAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _queries);
        await using var session = await db.Keel.OpenSessionAsync(cancellationToken);
        return await session.QuerySingleOrDefaultAsync<Member>($"SELECT id, name FROM members WHERE id = {1}", cancellationToken)
            ?? throw new InvalidOperationException("Member 1 is missing.");
    }
}
