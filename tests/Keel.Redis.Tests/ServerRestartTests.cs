using System.Text;
using System.Threading.Channels;
using Keel.Tests;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Logging;

namespace Keel.Redis.Tests;

/// <summary>redis-server killed mid-test and started again on the same port: fail fast, then recover by themselves.</summary>
public sealed class ServerRestartTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Commands_fail_fast_while_the_server_is_down_and_everything_recovers_after_it_restarts()
    {
        using var recorder = new MeterRecorder();
        var logs = new ListLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        await using var server = await RedisServer.StartAsync(password: "restart-pw");
        // A long command timeout: a command that hung instead of failing would show as RedisTimeoutException.
        var options = server.Options with { CommandTimeout = TimeSpan.FromMinutes(2) };
        await using var nodeA = new RedisConnection(options, loggerFactory);
        await using var nodeB = new RedisConnection(options, loggerFactory);
        var cache = new RedisDistributedCache(nodeA);
        var locks = new RedisCacheLock(nodeA);
        await using var publisher = new RedisCacheBackplane(nodeA);
        await using var subscriber = new RedisCacheBackplane(nodeB);
        var received = Channel.CreateUnbounded<CacheBackplaneMessage>();
        await subscriber.SubscribeAsync((m, t) => received.Writer.WriteAsync(m, t).AsTask());
        await cache.SetAsync("before", "1"u8.ToArray(), new DistributedCacheEntryOptions());
        await publisher.PublishAsync(new CacheBackplaneMessage("a", CacheBackplaneAction.Set, "before"));
        Assert.Equal("before", (await received.Reader.ReadAsync().AsTask().WaitAsync(Patience)).Key);

        await server.StopAsync();

        for (var i = 0; i < 5; i++)
        {
            await Assert.ThrowsAsync<RedisConnectionException>(() => cache.GetAsync("before"));
            await Assert.ThrowsAsync<RedisConnectionException>(() => cache.SetAsync("during", "x"u8.ToArray(), new DistributedCacheEntryOptions()));
            await Assert.ThrowsAsync<RedisConnectionException>(() => locks.TryAcquireAsync("during", TimeSpan.FromSeconds(5), TimeSpan.Zero));
            await Assert.ThrowsAsync<RedisConnectionException>(() => publisher.PublishAsync(new CacheBackplaneMessage("a", CacheBackplaneAction.Remove, "x")));
        }

        Assert.False(nodeA.IsConnected);

        await server.RestartAsync();

        await UntilAsync(async () =>
        {
            try
            {
                await nodeA.PingAsync();
                return true;
            }
            catch (RedisConnectionException)
            {
                return false;
            }
        });
        Assert.True(nodeA.IsConnected);
        Assert.Null(await cache.GetAsync("before"));
        await cache.SetAsync("after", "2"u8.ToArray(), new DistributedCacheEntryOptions());
        Assert.Equal("2", Encoding.UTF8.GetString((await cache.GetAsync("after"))!));
        await using (var held = await locks.TryAcquireAsync("after", TimeSpan.FromSeconds(30), TimeSpan.Zero))
            Assert.NotNull(held);

        var clear = await received.Reader.ReadAsync().AsTask().WaitAsync(Patience);
        Assert.Equal(new CacheBackplaneMessage(RedisCacheBackplane.LocalSourceId, CacheBackplaneAction.Clear, string.Empty), clear);
        Assert.True(subscriber.IsSubscribed);
        await publisher.PublishAsync(new CacheBackplaneMessage("a", CacheBackplaneAction.Set, "after"));
        Assert.Equal("after", (await received.Reader.ReadAsync().AsTask().WaitAsync(Patience)).Key);

        Assert.True(recorder.Count("keel.redis.disconnects") >= 2);
        Assert.Contains(recorder.Measurements, m => m.Instrument == "keel.redis.connects"
            && m.Tags.Contains(new("kind", "reconnect")) && m.Tags.Contains(new("role", "subscriber")));
        Assert.Contains(recorder.Measurements, m => m.Instrument == "keel.redis.connects"
            && m.Tags.Contains(new("kind", "reconnect")) && m.Tags.Contains(new("role", "commands")));
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("lost", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains("restart-pw", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_backplane_started_while_Redis_is_down_subscribes_once_it_is_up_and_delivers_a_Clear()
    {
        await using var server = await RedisServer.StartAsync();
        await server.StopAsync();
        await using var connection = new RedisConnection(server.Options);
        await using var backplane = new RedisCacheBackplane(connection);
        var received = Channel.CreateUnbounded<CacheBackplaneMessage>();

        await backplane.SubscribeAsync((m, t) => received.Writer.WriteAsync(m, t).AsTask());
        Assert.False(backplane.IsSubscribed);
        await server.RestartAsync();

        Assert.Equal(CacheBackplaneAction.Clear, (await received.Reader.ReadAsync().AsTask().WaitAsync(Patience)).Action);
        await UntilAsync(async () =>
        {
            try
            {
                await backplane.PublishAsync(new CacheBackplaneMessage("a", CacheBackplaneAction.Remove, "k"));
                return true;
            }
            catch (RedisConnectionException)
            {
                return false;
            }
        });
        Assert.Equal("k", (await received.Reader.ReadAsync().AsTask().WaitAsync(Patience)).Key);
    }

    private static async Task UntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"The condition did not hold within {Patience.TotalSeconds} s.");
            await Task.Delay(20);
        }
    }
}
