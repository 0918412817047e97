using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;

namespace Keel.Redis.Tests;

/// <summary>The subscriber connection: deliveries from another connection, in order, binary-safe.</summary>
public sealed class PubSubTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    [Fact]
    public async Task Messages_published_on_one_connection_reach_a_subscriber_on_another_in_order()
    {
        var received = Channel.CreateUnbounded<(string Channel, string Payload)>();
        await using var subscriber = new RedisSubscriber(redis.Server.Options, ["news", "other"],
            (channel, payload, token) => received.Writer.WriteAsync((channel, Encoding.UTF8.GetString(payload)), token).AsTask(),
            _ => Task.CompletedTask, NullLogger.Instance);
        await subscriber.StartAsync(default);
        Assert.True(subscriber.IsSubscribed);

        for (var i = 0; i < 100; i++)
            Assert.Equal(1, await redis.Connection.PublishAsync(i % 2 == 0 ? "news" : "other", $"m{i}\r\n|{i}", default));
        Assert.Equal(0, await redis.Connection.PublishAsync("nobody-listens", "x", default));

        for (var i = 0; i < 100; i++)
        {
            var (channel, payload) = await received.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal((i % 2 == 0 ? "news" : "other", $"m{i}\r\n|{i}"), (channel, payload));
        }
    }

    [Fact]
    public async Task A_failing_handler_does_not_stop_later_deliveries()
    {
        var received = Channel.CreateUnbounded<string>();
        await using var subscriber = new RedisSubscriber(redis.Server.Options, ["flaky"],
            (_, payload, token) =>
            {
                var text = Encoding.UTF8.GetString(payload);
                return text == "boom" ? throw new InvalidOperationException("handler bug") : received.Writer.WriteAsync(text, token).AsTask();
            },
            _ => Task.CompletedTask, NullLogger.Instance);
        await subscriber.StartAsync(default);

        await redis.Connection.PublishAsync("flaky", "boom", default);
        await redis.Connection.PublishAsync("flaky", "after", default);

        Assert.Equal("after", await received.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30)));
    }
}
