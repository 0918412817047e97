using Keel.Tests;
using Microsoft.Extensions.Logging;

namespace Keel.Redis.Tests;

/// <summary>
/// Two KeelCache nodes over a redis-server that is killed mid-test and started again (empty) on the same port: the
/// cache degrades to L1 and the factory without throwing, then takes up Redis again by itself.
/// </summary>
public sealed class KeelCacheRedisRestartTests
{
    [Fact]
    public async Task While_Redis_is_down_reads_are_served_from_L1_and_the_factory_and_after_it_restarts_L2_and_the_backplane_work_again()
    {
        using var recorder = new MeterRecorder();
        var logs = new ListLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs));
        await using var server = await RedisServer.StartAsync();
        await using var a = await CacheNode.StartAsync(server.Options, "restart", "a", loggerFactory: loggerFactory);
        await using var b = await CacheNode.StartAsync(server.Options, "restart", "b", loggerFactory: loggerFactory);
        var loadA = new CountingFactory("a");
        var loadB = new CountingFactory("b");
        var before = await a.Cache.GetOrSetAsync("user:1", loadA.LoadAsync, CacheNode.OneHour);
        Assert.Equal(before, await b.Cache.GetOrSetAsync("user:1", loadB.LoadAsync, CacheNode.OneHour));

        await server.StopAsync();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(before, await a.Cache.GetOrSetAsync("user:1", loadA.LoadAsync, CacheNode.OneHour));
            Assert.Equal(before, await b.Cache.GetOrSetAsync("user:1", loadB.LoadAsync, CacheNode.OneHour));
            Assert.Equal(new Member(2, "a-2"), await a.Cache.GetOrSetAsync("user:2", loadA.LoadAsync, CacheNode.OneHour));
            Assert.Equal(new Member(1, "b-1"), await b.Cache.GetOrSetAsync("user:2", loadB.LoadAsync, CacheNode.OneHour));
        }

        await a.Cache.SetAsync("user:3", new Member(3, "set while Redis is down"), CacheNode.OneHour);
        await a.Cache.RemoveAsync("user:2");
        await a.Cache.RemoveByTagAsync("user:1");
        Assert.Equal(new Member(3, "a-3"), await a.Cache.GetOrSetAsync("user:2", loadA.LoadAsync, CacheNode.OneHour));
        Assert.Equal(new Member(3, "set while Redis is down"), await a.Cache.GetAsync<Member>("user:3"));
        Assert.Equal(3, loadA.Calls);
        Assert.Equal(1, loadB.Calls);
        Assert.True(a.Count(recorder, "keel.cache.errors", "source", "l2") > 0);
        Assert.True(a.Count(recorder, "keel.cache.errors", "source", "lock") > 0);
        Assert.True(a.Count(recorder, "keel.cache.errors", "source", "backplane") > 0);
        Assert.True(b.Count(recorder, "keel.cache.errors", "source", "l2") > 0);
        Assert.Contains(logs.Entries, e => e.Category == "Keel.Cache" && e.Level == LogLevel.Warning && e.Message.Contains("carrying on with L1 and the factory", StringComparison.Ordinal));

        await server.RestartAsync();

        await Eventually.ConnectedAsync(a.Connection);
        await Eventually.ConnectedAsync(b.Connection);
        // Redis came back empty, so a key a node no longer finds was dropped from its L1: the Clear after resubscribing.
        await Eventually.HoldsAsync(async () => !(await b.Cache.TryGetAsync<Member>("user:1")).Found, "b clears its L1 when its backplane resubscribes");
        await Eventually.HoldsAsync(async () => !(await a.Cache.TryGetAsync<Member>("user:3")).Found, "a clears its L1 when its backplane resubscribes");
        Assert.True(a.Backplane!.IsSubscribed);
        Assert.True(b.Backplane!.IsSubscribed);

        await a.Cache.SetAsync("user:4", new Member(4, "set on a after the restart"), CacheNode.OneHour);
        Assert.Equal(new Member(4, "set on a after the restart"), await b.Cache.GetOrSetAsync("user:4", loadB.LoadAsync, CacheNode.OneHour));
        Assert.Equal(1, loadB.Calls);

        await a.Cache.SetAsync("user:4", new Member(4, "changed on a"), CacheNode.OneHour);
        await Eventually.HoldsAsync(async () => (await b.Cache.GetAsync<Member>("user:4"))?.Name == "changed on a", "b hears a's set over the backplane again");
        Assert.Equal(1, loadB.Calls);
    }
}
