namespace Keel.Tests.Caching;

/// <summary>Two caches in one process, each with its own L1 and its own LISTEN connection, on one channel.</summary>
public sealed class BackplaneTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private static readonly CacheEntryOptions Long = CacheEntryOptions.Default.WithDuration(TimeSpan.FromHours(1), TimeSpan.FromHours(1));

    private async Task<Nodes> TwoNodesAsync(bool withL2)
    {
        var channel = CacheTestKit.Unique("bp");
        var prefix = CacheTestKit.Unique("node") + ":";
        var l2 = withL2 ? await CacheTestKit.L2Async(db.Keel) : null;
        var planeA = new PostgresCacheBackplane(db.Keel, new PostgresCacheBackplaneOptions { Channel = channel });
        var planeB = new PostgresCacheBackplane(db.Keel, new PostgresCacheBackplaneOptions { Channel = channel });
        var a = await KeelCache.CreateAsync(new KeelCacheOptions { Distributed = l2, Backplane = planeA, KeyPrefix = prefix, TagCheckInterval = TimeSpan.FromHours(1) });
        var b = await KeelCache.CreateAsync(new KeelCacheOptions { Distributed = l2, Backplane = planeB, KeyPrefix = prefix, TagCheckInterval = TimeSpan.FromHours(1) });
        return new Nodes(a, b, planeA, planeB, l2);
    }

    private sealed record Nodes(KeelCache A, KeelCache B, PostgresCacheBackplane PlaneA, PostgresCacheBackplane PlaneB, PostgresDistributedCache? L2) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await A.DisposeAsync();
            await B.DisposeAsync();
            await PlaneA.DisposeAsync();
            await PlaneB.DisposeAsync();
            if (L2 is not null)
                await L2.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_set_on_one_node_evicts_the_key_from_the_other_nodes_L1()
    {
        await using var nodes = await TwoNodesAsync(withL2: true);
        var (a, b) = (nodes.A, nodes.B);
        await b.GetOrSetAsync("user:1", _ => Task.FromResult(new Profile(1, "old")), Long);
        await a.SetAsync("user:1", new Profile(1, "new"), Long);
        await CacheTestKit.EventuallyAsync(async () => (await b.GetAsync<Profile>("user:1"))?.Name == "new", "b drops its copy and reads the new value from L2");
    }

    [Fact]
    public async Task A_remove_on_one_node_evicts_the_key_from_the_other_nodes_L1()
    {
        await using var nodes = await TwoNodesAsync(withL2: false);
        var (a, b) = (nodes.A, nodes.B);
        await b.SetAsync("gone", new Profile(1, "x"), Long);
        await a.RemoveAsync("gone");
        await CacheTestKit.EventuallyAsync(async () => !(await b.TryGetAsync<Profile>("gone")).Found, "b drops the removed key");
    }

    [Fact]
    public async Task A_tag_removal_on_one_node_invalidates_the_other_nodes_L1_at_once()
    {
        await using var nodes = await TwoNodesAsync(withL2: false);
        var (a, b) = (nodes.A, nodes.B);
        await b.SetAsync("user:42:posts", new Profile(42, "posts"), Long.WithTags("user:42"));
        await b.SetAsync("user:43:posts", new Profile(43, "posts"), Long.WithTags("user:43"));
        await a.RemoveByTagAsync("user:42");
        await CacheTestKit.EventuallyAsync(async () => !(await b.TryGetAsync<Profile>("user:42:posts")).Found, "b invalidates the tagged entry");
        Assert.True((await b.TryGetAsync<Profile>("user:43:posts")).Found);
    }

    [Fact]
    public async Task After_the_listening_connection_is_lost_the_backplane_reconnects_and_the_L1_is_cleared()
    {
        await using var nodes = await TwoNodesAsync(withL2: false);
        var (a, b) = (nodes.A, nodes.B);
        await b.SetAsync("kept?", new Profile(1, "x"), Long);
        await using (var session = await db.Keel.OpenSessionAsync())
        {
            var channel = nodes.PlaneB.Options.Channel;
            var killed = await session.ScalarAsync<long>(
                $"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND position({channel} in query) > 0 AND pid <> pg_backend_pid()");
            Assert.Equal(2, killed);
        }

        await CacheTestKit.EventuallyAsync(() => Task.FromResult(nodes.PlaneB.Reconnects == 1), "b's backplane reconnects");
        await CacheTestKit.EventuallyAsync(async () => !(await b.TryGetAsync<Profile>("kept?")).Found, "b clears its L1");

        // And messages flow again.
        await b.SetAsync("after", new Profile(2, "y"), Long);
        await a.SetAsync("after", new Profile(3, "z"), Long);
        await CacheTestKit.EventuallyAsync(async () => !(await b.TryGetAsync<Profile>("after")).Found, "b hears a's set after reconnecting");
    }

    [Fact]
    public async Task Messages_are_published_as_the_shared_wire_form()
    {
        var channel = CacheTestKit.Unique("wire");
        await using var plane = new PostgresCacheBackplane(db.Keel, new PostgresCacheBackplaneOptions { Channel = channel });
        var received = new TaskCompletionSource<CacheBackplaneMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        await plane.SubscribeAsync((m, _) =>
        {
            received.TrySetResult(m);
            return Task.CompletedTask;
        });
        await using (var session = await db.Keel.OpenSessionAsync())
        {
            await session.ExecuteAsync($"SELECT pg_notify({channel}, 'not ours')");
            await session.ExecuteAsync($"SELECT pg_notify({channel}, {new CacheBackplaneMessage("node-x", CacheBackplaneAction.Remove, "a|b").Encode()})");
        }

        var message = await received.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(new CacheBackplaneMessage("node-x", CacheBackplaneAction.Remove, "a|b"), message);
        await Assert.ThrowsAsync<InvalidOperationException>(() => plane.SubscribeAsync((_, _) => Task.CompletedTask));
    }
}
