using Keel.Tests;
using Microsoft.Extensions.Logging;

namespace Keel.Redis.Tests;

/// <summary>Handshake and reachability failures: typed, fast, and never carrying the password.</summary>
public sealed class ConnectionFailureTests
{
    [Fact]
    public async Task The_right_password_authenticates()
    {
        await using var server = await RedisServer.StartAsync(password: "s3cret-pw");
        await using var connection = new RedisConnection(server.Options);

        await connection.PingAsync();

        Assert.True(connection.IsConnected);
    }

    [Fact]
    public async Task A_wrong_password_throws_RedisConnectionException_with_the_server_text_but_not_the_password()
    {
        await using var server = await RedisServer.StartAsync(password: "s3cret-pw");
        var logs = new ListLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        await using var connection = new RedisConnection(server.Options with { Password = "wrong-pw-123" }, factory);

        var error = await Assert.ThrowsAsync<RedisConnectionException>(() => connection.ConnectAsync());

        Assert.Contains("WRONGPASS", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-pw-123", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains("wrong-pw-123", StringComparison.Ordinal));
        Assert.False(connection.IsConnected);
    }

    [Fact]
    public async Task A_missing_password_fails_the_first_command_with_a_server_error()
    {
        await using var server = await RedisServer.StartAsync(password: "s3cret-pw");
        await using var connection = new RedisConnection(server.Options with { Password = null });

        var error = await Assert.ThrowsAsync<RedisConnectionException>(() => connection.PingAsync());

        Assert.Contains("NOAUTH", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_server_throws_RedisConnectionException_and_then_fails_fast_until_the_backoff_passes()
    {
        using var recorder = new MeterRecorder();
        var port = RedisServer.FreePort();
        await using var connection = new RedisConnection(RedisConnectionOptions.Parse($"127.0.0.1:{port}") with
        {
            ReconnectMinDelay = TimeSpan.FromMinutes(1),
            ReconnectMaxDelay = TimeSpan.FromMinutes(1),
        });

        var first = await Assert.ThrowsAsync<RedisConnectionException>(() => connection.PingAsync());
        var second = await Assert.ThrowsAsync<RedisConnectionException>(() => connection.PingAsync());

        Assert.Contains($"127.0.0.1:{port}", first.Message, StringComparison.Ordinal);
        Assert.Contains("next connection attempt", second.Message, StringComparison.Ordinal);
        Assert.Same(first, second.InnerException);
        Assert.True(recorder.Count("keel.redis.connect_failures") >= 1);
    }
}
