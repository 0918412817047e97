using Keel.Tests;

namespace Keel.Redis.Tests;

/// <summary>
/// Two KeelCache nodes, each with its own Redis connection and backplane subscriber: a change on one evicts the key
/// from the other's L1. L1 copies live an hour and tag records are trusted for an hour, so only the backplane can
/// make the other node let go in time.
/// </summary>
public sealed class KeelCacheRedisBackplaneTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    [Fact]
    public async Task A_set_on_one_node_evicts_the_key_from_the_other_nodes_L1()
    {
        using var recorder = new MeterRecorder();
        var scope = CacheNode.NewScope("bp");
        await using var a = await CacheNode.StartAsync(redis.Server.Options, scope, "a");
        await using var b = await CacheNode.StartAsync(redis.Server.Options, scope, "b");
        var loadB = new CountingFactory("b");
        Assert.Equal(new Member(1, "b-1"), await b.Cache.GetOrSetAsync("user:1", loadB.LoadAsync, CacheNode.OneHour));

        await a.Cache.SetAsync("user:1", new Member(1, "changed on a"), CacheNode.OneHour);

        await Eventually.HoldsAsync(async () => (await b.Cache.GetAsync<Member>("user:1"))?.Name == "changed on a", "b drops its copy and reads a's value from Redis");
        Assert.Equal(1, loadB.Calls);
        Assert.True(b.Count(recorder, "keel.cache.backplane.messages", "direction", "received") >= 1);
        Assert.True(a.Count(recorder, "keel.cache.backplane.messages", "direction", "sent") >= 1);
    }

    [Fact]
    public async Task A_remove_on_one_node_evicts_the_key_from_the_other_nodes_L1()
    {
        var scope = CacheNode.NewScope("bp");
        await using var a = await CacheNode.StartAsync(redis.Server.Options, scope, "a");
        await using var b = await CacheNode.StartAsync(redis.Server.Options, scope, "b");
        var loadB = new CountingFactory("b");
        await b.Cache.GetOrSetAsync("user:1", loadB.LoadAsync, CacheNode.OneHour);
        await b.Cache.GetOrSetAsync("user:2", loadB.LoadAsync, CacheNode.OneHour);

        await a.Cache.RemoveAsync("user:1");

        await Eventually.HoldsAsync(async () => !(await b.Cache.TryGetAsync<Member>("user:1")).Found, "b drops the removed key");
        Assert.Equal(new Member(3, "b-3"), await b.Cache.GetOrSetAsync("user:1", loadB.LoadAsync, CacheNode.OneHour));
        Assert.Equal(new Member(2, "b-2"), await b.Cache.GetAsync<Member>("user:2"));
    }

    [Fact]
    public async Task A_tag_removal_on_one_node_invalidates_the_other_nodes_L1()
    {
        var scope = CacheNode.NewScope("bp");
        await using var a = await CacheNode.StartAsync(redis.Server.Options, scope, "a");
        await using var b = await CacheNode.StartAsync(redis.Server.Options, scope, "b");
        await b.Cache.SetAsync("user:42:posts", new Member(42, "posts"), CacheNode.OneHour.WithTags("user:42"));
        await b.Cache.SetAsync("user:43:posts", new Member(43, "posts"), CacheNode.OneHour.WithTags("user:43"));
        // b has now checked the tag against Redis and trusts what it found for the next hour.
        Assert.True((await b.Cache.TryGetAsync<Member>("user:42:posts")).Found);

        await a.Cache.RemoveByTagAsync("user:42");

        await Eventually.HoldsAsync(async () => !(await b.Cache.TryGetAsync<Member>("user:42:posts")).Found, "b invalidates the tagged entry");
        Assert.Equal(new Member(43, "posts"), await b.Cache.GetAsync<Member>("user:43:posts"));
    }
}
