using System.Threading.Channels;

namespace Keel.Redis.Tests;

/// <summary>The backplane between two nodes, each with its own connection and subscriber.</summary>
public sealed class RedisCacheBackplaneTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_message_published_by_one_node_reaches_every_subscribed_node_unchanged()
    {
        await using var nodeA = redis.NewConnection();
        await using var nodeB = redis.NewConnection();
        await using var backplaneA = new RedisCacheBackplane(nodeA, new RedisCacheBackplaneOptions { Channel = "bp:1" });
        await using var backplaneB = new RedisCacheBackplane(nodeB, new RedisCacheBackplaneOptions { Channel = "bp:1" });
        var receivedA = Channel.CreateUnbounded<CacheBackplaneMessage>();
        var receivedB = Channel.CreateUnbounded<CacheBackplaneMessage>();
        await backplaneA.SubscribeAsync((m, t) => receivedA.Writer.WriteAsync(m, t).AsTask());
        await backplaneB.SubscribeAsync((m, t) => receivedB.Writer.WriteAsync(m, t).AsTask());

        var sent = new CacheBackplaneMessage("node-a", CacheBackplaneAction.Set, "user:42|with:pipes");
        await backplaneA.PublishAsync(sent);
        await backplaneB.PublishAsync(new CacheBackplaneMessage("node-b", CacheBackplaneAction.RemoveByTag, "tag:x"));

        Assert.Equal(sent, await receivedB.Reader.ReadAsync().AsTask().WaitAsync(Patience));
        Assert.Equal(sent, await receivedA.Reader.ReadAsync().AsTask().WaitAsync(Patience));
        Assert.Equal(CacheBackplaneAction.RemoveByTag, (await receivedA.Reader.ReadAsync().AsTask().WaitAsync(Patience)).Action);
        Assert.Equal("tag:x", (await receivedB.Reader.ReadAsync().AsTask().WaitAsync(Patience)).Key);
    }

    [Fact]
    public async Task Foreign_publishers_on_the_channel_are_ignored()
    {
        await using var backplane = new RedisCacheBackplane(redis.Connection, new RedisCacheBackplaneOptions { Channel = "bp:2" });
        var received = Channel.CreateUnbounded<CacheBackplaneMessage>();
        await backplane.SubscribeAsync((m, t) => received.Writer.WriteAsync(m, t).AsTask());

        await redis.Connection.PublishAsync("bp:2", "not a backplane message", default);
        await redis.Connection.PublishAsync("bp:2", "9|x|y", default);
        await backplane.PublishAsync(new CacheBackplaneMessage("me", CacheBackplaneAction.Remove, "k"));

        Assert.Equal("k", (await received.Reader.ReadAsync().AsTask().WaitAsync(Patience)).Key);
        Assert.False(received.Reader.TryRead(out _));
    }

    [Fact]
    public async Task Nodes_on_other_channels_do_not_receive_the_message()
    {
        await using var other = new RedisCacheBackplane(redis.Connection, new RedisCacheBackplaneOptions { Channel = "bp:other" });
        await using var mine = new RedisCacheBackplane(redis.Connection, new RedisCacheBackplaneOptions { Channel = "bp:3" });
        var otherReceived = Channel.CreateUnbounded<CacheBackplaneMessage>();
        var mineReceived = Channel.CreateUnbounded<CacheBackplaneMessage>();
        await other.SubscribeAsync((m, t) => otherReceived.Writer.WriteAsync(m, t).AsTask());
        await mine.SubscribeAsync((m, t) => mineReceived.Writer.WriteAsync(m, t).AsTask());

        await mine.PublishAsync(new CacheBackplaneMessage("me", CacheBackplaneAction.Remove, "first"));
        await other.PublishAsync(new CacheBackplaneMessage("me", CacheBackplaneAction.Remove, "second"));

        Assert.Equal("first", (await mineReceived.Reader.ReadAsync().AsTask().WaitAsync(Patience)).Key);
        Assert.Equal("second", (await otherReceived.Reader.ReadAsync().AsTask().WaitAsync(Patience)).Key);
        Assert.False(mineReceived.Reader.TryRead(out _));
    }

    [Fact]
    public async Task Subscribing_twice_throws_InvalidOperationException()
    {
        await using var backplane = new RedisCacheBackplane(redis.Connection, new RedisCacheBackplaneOptions { Channel = "bp:4" });
        await backplane.SubscribeAsync((_, _) => Task.CompletedTask);

        await Assert.ThrowsAsync<InvalidOperationException>(() => backplane.SubscribeAsync((_, _) => Task.CompletedTask));

        Assert.True(backplane.IsSubscribed);
    }

    [Fact]
    public async Task A_subscriber_connection_closed_by_the_server_resubscribes_and_delivers_a_Clear_first()
    {
        await using var node = redis.NewConnection();
        await using var backplane = new RedisCacheBackplane(node, new RedisCacheBackplaneOptions { Channel = "bp:5" });
        var received = Channel.CreateUnbounded<CacheBackplaneMessage>();
        await backplane.SubscribeAsync((m, t) => received.Writer.WriteAsync(m, t).AsTask());

        await redis.Connection.ExecuteAsync(["CLIENT", "KILL", "TYPE", "pubsub"], default);

        Assert.Equal(CacheBackplaneAction.Clear, (await received.Reader.ReadAsync().AsTask().WaitAsync(Patience)).Action);
        await backplane.PublishAsync(new CacheBackplaneMessage("n", CacheBackplaneAction.Remove, "after-kill"));
        Assert.Equal("after-kill", (await received.Reader.ReadAsync().AsTask().WaitAsync(Patience)).Key);
    }

    [Fact]
    public async Task A_subscriber_whose_keep_alive_PING_goes_unanswered_reconnects_and_delivers_a_Clear()
    {
        await using var node = redis.NewConnection(o => o with
        {
            KeepAlive = TimeSpan.FromMilliseconds(200),
            CommandTimeout = TimeSpan.FromMilliseconds(200),
        });
        await using var backplane = new RedisCacheBackplane(node, new RedisCacheBackplaneOptions { Channel = "bp:6" });
        var received = Channel.CreateUnbounded<CacheBackplaneMessage>();
        await backplane.SubscribeAsync((m, t) => received.Writer.WriteAsync(m, t).AsTask());

        // The server keeps the socket open but answers nobody for a while: only the PING can tell.
        await redis.Connection.ExecuteAsync(["CLIENT", "PAUSE", "1500", "ALL"], default);

        Assert.Equal(CacheBackplaneAction.Clear, (await received.Reader.ReadAsync().AsTask().WaitAsync(Patience)).Action);
    }
}
