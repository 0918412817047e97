using Keel.Tests;

namespace Keel.Redis.Tests;

/// <summary>
/// A Redis that keeps its data through an outage (append-only file, synced on every write): invalidations committed
/// while it is down must not leave the old values readable once it is back. Two nodes over a real PostgreSQL.
/// </summary>
public sealed class KeelCachePendingInvalidationTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private int _queries;

    [Fact]
    public async Task Invalidations_committed_while_a_persistent_Redis_is_down_are_replayed_so_no_node_reads_the_old_values_after_it_returns()
    {
        await using (var session = await db.Keel.OpenSessionAsync())
        {
            await session.ExecuteAsync($"CREATE TABLE members (id int PRIMARY KEY, name text NOT NULL)");
            await session.ExecuteAsync($"INSERT INTO members VALUES (1, 'Ada'), (2, 'Charles')");
        }

        using var recorder = new MeterRecorder();
        await using var server = await RedisServer.StartAsync(persistent: true);
        await using var a = await CacheNode.StartAsync(server.Options, "pending", "a");
        await using var b = await CacheNode.StartAsync(server.Options, "pending", "b");
        var byAuthor = CacheNode.OneHour.WithTags("author:2");
        Assert.Equal("Ada", (await a.Cache.GetOrSetAsync("member:1", ct => LoadAsync(1, ct), CacheNode.OneHour)).Name);
        Assert.Equal("Charles", (await a.Cache.GetOrSetAsync("posts:2", ct => LoadAsync(2, ct), byAuthor)).Name);
        Assert.Equal("Ada", (await b.Cache.GetOrSetAsync("member:1", ct => LoadAsync(1, ct), CacheNode.OneHour)).Name);
        Assert.Equal("Charles", (await b.Cache.GetOrSetAsync("posts:2", ct => LoadAsync(2, ct), byAuthor)).Name);
        Assert.Equal(2, _queries);

        await server.StopAsync();

        await db.Keel.InTransactionAsync(async (tx, ct) =>
        {
            await tx.ExecuteAsync($"UPDATE members SET name = 'Grace' WHERE id = {1}", ct);
            await tx.ExecuteAsync($"UPDATE members SET name = 'Babbage' WHERE id = {2}", ct);
            a.Cache.RemoveAfterCommit(tx, "member:1");
            a.Cache.RemoveByTagAfterCommit(tx, "author:2");
        });
        Assert.Equal(2, Sum(recorder, a, "keel.cache.invalidations.pending"));

        await server.RestartAsync();

        // The append-only file brought the old entries back (a's replay may already have deleted member 1, but a tag
        // removal leaves the entry itself in place): without the replay every node would read them for an hour.
        Assert.Equal(":1", await server.RawAsync("EXISTS pending:cache:app:posts:2"));
        // a never trusts L2 for what it failed to invalidate, whether or not its replay has run yet.
        Assert.Equal("Grace", (await a.Cache.GetOrSetAsync("member:1", ct => LoadAsync(1, ct), CacheNode.OneHour)).Name);
        Assert.Equal("Babbage", (await a.Cache.GetOrSetAsync("posts:2", ct => LoadAsync(2, ct), byAuthor)).Name);

        await Eventually.HoldsAsync(() => Task.FromResult(Sum(recorder, a, "keel.cache.invalidations.pending") == 0), "a replays its pending invalidations");
        Assert.Equal(1, a.Count(recorder, "keel.cache.invalidations.replayed", "action", "tag"));
        await Eventually.ConnectedAsync(b.Connection);
        await Eventually.HoldsAsync(() => Task.FromResult(b.Backplane!.IsSubscribed), "b's backplane resubscribes");
        // b's old copies go from its L1 on resubscribing (or on a's repeated announcement); L2 no longer holds them.
        await Eventually.HoldsAsync(async () => (await b.Cache.GetOrSetAsync("member:1", ct => LoadAsync(1, ct), CacheNode.OneHour)).Name == "Grace", "b reads the committed update of member 1");
        await Eventually.HoldsAsync(async () => (await b.Cache.GetOrSetAsync("posts:2", ct => LoadAsync(2, ct), byAuthor)).Name == "Babbage", "b reads the committed update of member 2");
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("Grace", (await b.Cache.GetOrSetAsync("member:1", ct => LoadAsync(1, ct), CacheNode.OneHour)).Name);
            Assert.Equal("Babbage", (await b.Cache.GetOrSetAsync("posts:2", ct => LoadAsync(2, ct), byAuthor)).Name);
        }

        await using var late = await CacheNode.StartAsync(server.Options, "pending", "late");
        Assert.Equal("Grace", (await late.Cache.GetOrSetAsync("member:1", ct => LoadAsync(1, ct), CacheNode.OneHour)).Name);
        Assert.Equal("Babbage", (await late.Cache.GetOrSetAsync("posts:2", ct => LoadAsync(2, ct), byAuthor)).Name);
    }

    private static long Sum(MeterRecorder recorder, CacheNode node, string instrument)
    {
        var cache = new KeyValuePair<string, object?>("cache", node.Cache.Options.Name);
        return recorder.Measurements.Where(m => m.Instrument == instrument && m.Tags.Contains(cache)).Sum(m => (long)m.Value);
    }

    private async Task<Member> LoadAsync(int id, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _queries);
        await using var session = await db.Keel.OpenSessionAsync(cancellationToken);
        return await session.QuerySingleOrDefaultAsync<Member>($"SELECT id, name FROM members WHERE id = {id}", cancellationToken)
            ?? throw new InvalidOperationException($"Member {id} is missing.");
    }
}
