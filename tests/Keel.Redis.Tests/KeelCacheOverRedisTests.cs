using Keel.Tests;

namespace Keel.Redis.Tests;

/// <summary>KeelCache with Redis as its L2 and lock, on two nodes sharing one server: L1 → L2 → factory, tags, stampedes.</summary>
public sealed class KeelCacheOverRedisTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    [Fact]
    public async Task A_read_goes_L1_then_Redis_then_the_factory_and_another_node_takes_the_value_from_Redis()
    {
        using var recorder = new MeterRecorder();
        var scope = CacheNode.NewScope("e2e");
        await using var a = await CacheNode.StartAsync(redis.Server.Options, scope, "a", backplane: false);
        await using var b = await CacheNode.StartAsync(redis.Server.Options, scope, "b", backplane: false);
        var loadA = new CountingFactory("a");
        var loadB = new CountingFactory("b");

        var loaded = await a.Cache.GetOrSetAsync("user:1", loadA.LoadAsync, CacheNode.OneHour);
        var fromL1 = await a.Cache.GetOrSetAsync("user:1", loadA.LoadAsync, CacheNode.OneHour);
        var fromL2 = await b.Cache.GetOrSetAsync("user:1", loadB.LoadAsync, CacheNode.OneHour);
        var fromL1OfB = await b.Cache.GetOrSetAsync("user:1", loadB.LoadAsync, CacheNode.OneHour);

        Assert.Equal(new Member(1, "a-1"), loaded);
        Assert.Same(loaded, fromL1);
        Assert.Equal(loaded, fromL2);
        Assert.Same(fromL2, fromL1OfB);
        Assert.Equal(1, loadA.Calls);
        Assert.Equal(0, loadB.Calls);
        Assert.Equal(":1", await redis.Server.RawAsync($"EXISTS {scope}:cache:app:user:1"));
        Assert.Equal(1, a.Count(recorder, "keel.cache.hits", "level", "l1"));
        Assert.Equal(0, a.Count(recorder, "keel.cache.hits", "level", "l2"));
        Assert.Equal(1, b.Count(recorder, "keel.cache.hits", "level", "l2"));
        Assert.Equal(1, b.Count(recorder, "keel.cache.hits", "level", "l1"));
        Assert.Equal(0, b.Count(recorder, "keel.cache.misses", "level", "l2"));
    }

    [Fact]
    public async Task Values_set_and_removed_on_one_node_are_seen_by_the_other_through_Redis()
    {
        var scope = CacheNode.NewScope("e2e");
        await using var a = await CacheNode.StartAsync(redis.Server.Options, scope, "a", backplane: false);
        await using var b = await CacheNode.StartAsync(redis.Server.Options, scope, "b", backplane: false);
        var loadA = new CountingFactory("a");
        var loadB = new CountingFactory("b");

        await a.Cache.SetAsync("user:1", new Member(1, "set on a"), CacheNode.OneHour);
        await b.Cache.SetAsync("user:2", new Member(2, "set on b"), CacheNode.OneHour);

        Assert.Equal(new Member(1, "set on a"), await b.Cache.GetOrSetAsync("user:1", loadB.LoadAsync, CacheNode.OneHour));
        Assert.Equal(new Member(2, "set on b"), await a.Cache.GetOrSetAsync("user:2", loadA.LoadAsync, CacheNode.OneHour));
        Assert.Equal(0, loadA.Calls + loadB.Calls);

        await b.Cache.RemoveAsync("user:1");

        Assert.Equal(":0", await redis.Server.RawAsync($"EXISTS {scope}:cache:app:user:1"));
        await using var c = await CacheNode.StartAsync(redis.Server.Options, scope, "c", backplane: false);
        Assert.False((await c.Cache.TryGetAsync<Member>("user:1")).Found);
        Assert.Equal(new Member(2, "set on b"), await c.Cache.GetAsync<Member>("user:2"));
    }

    [Fact]
    public async Task A_tag_removed_on_one_node_invalidates_the_tagged_entries_another_node_holds_through_Redis_alone()
    {
        var scope = CacheNode.NewScope("e2e");
        // No backplane, and b reads tag records from Redis on every check: Redis is the only way the removal can reach b.
        await using var a = await CacheNode.StartAsync(redis.Server.Options, scope, "a", backplane: false, tagCheckInterval: TimeSpan.FromTicks(1));
        await using var b = await CacheNode.StartAsync(redis.Server.Options, scope, "b", backplane: false, tagCheckInterval: TimeSpan.FromTicks(1));
        var loadB = new CountingFactory("b");
        await a.Cache.SetAsync("user:42:posts", new Member(42, "posts"), CacheNode.OneHour.WithTags("user:42"));
        await a.Cache.SetAsync("user:42:friends", new Member(42, "friends"), CacheNode.OneHour.WithTags("user:42"));
        await a.Cache.SetAsync("user:43:posts", new Member(43, "posts"), CacheNode.OneHour.WithTags("user:43"));
        Assert.Equal(new Member(42, "posts"), await b.Cache.GetOrSetAsync("user:42:posts", loadB.LoadAsync, CacheNode.OneHour));
        Assert.Equal(new Member(42, "friends"), await b.Cache.GetOrSetAsync("user:42:friends", loadB.LoadAsync, CacheNode.OneHour));
        Assert.Equal(new Member(43, "posts"), await b.Cache.GetOrSetAsync("user:43:posts", loadB.LoadAsync, CacheNode.OneHour));
        Assert.Equal(0, loadB.Calls);

        await a.Cache.RemoveByTagAsync("user:42");

        Assert.False((await b.Cache.TryGetAsync<Member>("user:42:friends")).Found);
        Assert.Equal(new Member(1, "b-1"), await b.Cache.GetOrSetAsync("user:42:posts", loadB.LoadAsync, CacheNode.OneHour.WithTags("user:42")));
        Assert.Equal(new Member(43, "posts"), await b.Cache.GetAsync<Member>("user:43:posts"));
        Assert.False((await a.Cache.TryGetAsync<Member>("user:42:friends")).Found);
        Assert.Equal(new Member(1, "b-1"), await a.Cache.GetAsync<Member>("user:42:posts"));
    }

    [Fact]
    public async Task A_thousand_concurrent_misses_on_two_nodes_call_the_factory_once_in_total()
    {
        var scope = CacheNode.NewScope("e2e");
        await using var a = await CacheNode.StartAsync(redis.Server.Options, scope, "a");
        await using var b = await CacheNode.StartAsync(redis.Server.Options, scope, "b");
        var calls = 0;
        var asked = 0;
        var called = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task<Member> LoadAsync(CancellationToken cancellationToken)
        {
            var call = Interlocked.Increment(ref calls);
            called.TrySetResult();
            // Held until every reader on both nodes has asked, so the other node meets the held lock, not a filled L2.
            await release.Task;
            return new Member(call, "loaded once");
        }

        // A waiting node must outwait the holder on a loaded machine rather than give up and load for itself.
        var options = CacheNode.OneHour with { DistributedLockWait = TimeSpan.FromMinutes(2) };
        var readers = Enumerable.Range(0, 1000)
            .Select(i => Task.Run(async () =>
            {
                Interlocked.Increment(ref asked);
                return await (i % 2 == 0 ? a : b).Cache.GetOrSetAsync("hot", LoadAsync, options);
            }))
            .ToArray();
        await called.Task.WaitAsync(Eventually.Patience);
        await Eventually.HoldsAsync(() => Task.FromResult(Volatile.Read(ref asked) == readers.Length), "every reader asks");
        Assert.Equal(":1", await redis.Server.RawAsync($"EXISTS {scope}:lock:app:hot"));
        release.SetResult();
        var values = await Task.WhenAll(readers).WaitAsync(Eventually.Patience * 4);

        Assert.Equal(1, calls);
        Assert.All(values, v => Assert.Equal(new Member(1, "loaded once"), v));
        await Eventually.HoldsAsync(async () => await redis.Server.RawAsync($"EXISTS {scope}:lock:app:hot") == ":0", "the lock is released");
    }
}
