using System.Text;

namespace Keel.Redis.Tests;

/// <summary>The client against a real redis-server: round trips, pipelining, errors, cancellation and timeouts.</summary>
public sealed class RedisConnectionTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private RedisConnection Connection => redis.Connection;

    [Fact]
    public async Task Binary_values_with_CRLF_inside_round_trip_unchanged()
    {
        var value = new byte[70_000];
        Random.Shared.NextBytes(value);
        "\r\n$5\r\n*1\r\n"u8.CopyTo(value);

        await Connection.SetAsync("binary", value, expiry: null, SetCondition.Always, default);

        Assert.Equal(value, await Connection.GetAsync("binary", default));
    }

    [Fact]
    public async Task Empty_values_differ_from_missing_keys()
    {
        await Connection.SetAsync("empty", Array.Empty<byte>(), null, SetCondition.Always, default);

        Assert.Equal(Array.Empty<byte>(), await Connection.GetAsync("empty", default));
        Assert.Null(await Connection.GetAsync("no-such-key", default));
    }

    [Fact]
    public async Task Integer_array_and_nested_replies_come_back_typed()
    {
        var counter = await Connection.ExecuteAsync(["INCRBY", "counter", 41L], default);
        var script = await Connection.ExecuteAsync(["EVAL", "return {1, 'two', {3, false}}", 0L], default);

        Assert.Equal((RespKind.Integer, 41L), (counter.Kind, counter.Integer));
        var elements = script.Elements!;
        Assert.Equal(1, elements[0].Integer);
        Assert.Equal("two", elements[1].AsString());
        Assert.Equal(3, elements[2].Elements![0].Integer);
        Assert.True(elements[2].Elements![1].IsNull);
    }

    [Fact]
    public async Task Unicode_keys_and_text_round_trip_as_UTF8()
    {
        await Connection.ExecuteAsync(["SET", "clé-ß-🔑", "valeur ünïcode"], default);

        var reply = await Connection.ExecuteAsync(["GET", "clé-ß-🔑"], default);

        Assert.Equal("valeur ünïcode", reply.AsString());
    }

    [Fact]
    public async Task A_server_error_throws_RedisException_with_its_text_and_the_connection_goes_on()
    {
        await Connection.SetAsync("a-string", "x"u8.ToArray(), null, SetCondition.Always, default);

        var error = await Assert.ThrowsAsync<RedisException>(() => Connection.ExecuteAsync(["LPUSH", "a-string", "y"], default));

        Assert.Contains("WRONGTYPE", error.Message, StringComparison.Ordinal);
        Assert.Equal("x", Encoding.UTF8.GetString((await Connection.GetAsync("a-string", default))!));
    }

    [Fact]
    public async Task Many_concurrent_callers_each_get_their_own_reply()
    {
        const int callers = 2_000;
        var work = Enumerable.Range(0, callers).Select(async i =>
        {
            var key = $"pipelined:{i}";
            await Connection.SetAsync(key, Encoding.UTF8.GetBytes($"value {i}"), null, SetCondition.Always, default);
            var value = await Connection.GetAsync(key, default);
            var length = await Connection.ExecuteAsync(["STRLEN", key], default);
            return (i, Value: Encoding.UTF8.GetString(value!), Length: length.Integer);
        });

        var results = await Task.WhenAll(work);

        foreach (var (i, value, length) in results)
        {
            Assert.Equal($"value {i}", value);
            Assert.Equal(value.Length, length);
        }
    }

    [Fact]
    public async Task Commands_issued_while_the_socket_opens_keep_their_call_order()
    {
        await using var fresh = redis.NewConnection();
        var sets = new List<Task<bool>>();
        var gets = new List<Task<byte[]?>>();

        for (var i = 0; i < 300; i++)
        {
            sets.Add(fresh.SetAsync($"ordered:{i}", Encoding.UTF8.GetBytes($"v{i}"), null, SetCondition.Always, default));
            gets.Add(fresh.GetAsync($"ordered:{i}", default));
        }

        Assert.All(await Task.WhenAll(sets), Assert.True);
        var values = await Task.WhenAll(gets);
        for (var i = 0; i < values.Length; i++)
            Assert.Equal($"v{i}", Encoding.UTF8.GetString(values[i]!));
    }

    [Fact]
    public async Task A_command_cancelled_before_it_is_sent_is_never_run()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => Connection.SetAsync("never-written", "x"u8.ToArray(), null, SetCondition.Always, cancelled.Token));

        Assert.False(await Connection.ExistsAsync("never-written", default));
    }

    [Fact]
    public async Task A_caller_cancelled_while_its_command_is_in_flight_does_not_shift_later_replies()
    {
        await using var connection = redis.NewConnection();
        await connection.SetAsync("after-cancel", "mine"u8.ToArray(), null, SetCondition.Always, default);
        using var cancel = new CancellationTokenSource();

        // BLPOP holds the connection's reply stream until it times out (nil); the caller stops waiting long before.
        var blocked = connection.ExecuteAsync(["BLPOP", "empty-list", "2"], cancel.Token);
        var queuedBehind = connection.GetAsync("after-cancel", default);
        await WaitUntilTheServerBlocksAClientAsync();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => blocked);
        Assert.Equal("mine", Encoding.UTF8.GetString((await queuedBehind)!));
        Assert.Equal("mine", Encoding.UTF8.GetString((await connection.GetAsync("after-cancel", default))!));
    }

    [Fact]
    public async Task Randomly_cancelled_concurrent_callers_leave_every_other_reply_matched()
    {
        await using var connection = redis.NewConnection();
        var work = Enumerable.Range(0, 500).Select(async i =>
        {
            using var cancel = new CancellationTokenSource();
            var key = $"mixed:{i}";
            var set = connection.SetAsync(key, Encoding.UTF8.GetBytes(key), null, SetCondition.Always, default);
            var get = connection.GetAsync(key, cancel.Token);
            if (i % 3 == 0)
                await cancel.CancelAsync();
            await set;
            try
            {
                var value = await get;
                Assert.Equal(key, Encoding.UTF8.GetString(value!));
                return 1;
            }
            catch (OperationCanceledException)
            {
                return 0;
            }
        });

        var answered = (await Task.WhenAll(work)).Sum();

        Assert.InRange(answered, 500 - 167, 500);
        Assert.Equal("mixed:499", Encoding.UTF8.GetString((await connection.GetAsync("mixed:499", default))!));
    }

    [Fact]
    public async Task A_command_without_a_reply_in_time_throws_RedisTimeoutException_and_later_replies_stay_matched()
    {
        // The value is written on the shared connection (generous timeout), so only the blocked command can time out.
        await Connection.SetAsync("after-timeout", "right"u8.ToArray(), null, SetCondition.Always, default);
        await using var connection = redis.NewConnection(o => o with { CommandTimeout = TimeSpan.FromMilliseconds(250) });
        await UntilAnsweredAsync(() => connection.ExecuteAsync(["PING"], default));

        await Assert.ThrowsAsync<RedisTimeoutException>(() => connection.ExecuteAsync(["BLPOP", "empty-list-2", "2"], default));

        // Commands queued behind the blocked one may time out too; once it returns, replies line up with their callers.
        var value = await UntilAnsweredAsync(() => connection.GetAsync("after-timeout", default));
        Assert.Equal("right", Encoding.UTF8.GetString(value!));
        Assert.Equal(1, (await UntilAnsweredAsync(() => connection.ExecuteAsync(["EXISTS", "after-timeout"], default))).Integer);
    }

    /// <summary>Repeats a command that may time out on a loaded machine until it is answered (at most 200 tries).</summary>
    private static async Task<T> UntilAnsweredAsync<T>(Func<Task<T>> command)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await command();
            }
            catch (RedisTimeoutException) when (attempt < 200)
            {
            }
        }
    }

    [Fact]
    public async Task Set_honours_NX_and_XX()
    {
        Assert.False(await Connection.SetAsync("xx-missing", "a"u8.ToArray(), null, SetCondition.IfExists, default));
        Assert.True(await Connection.SetAsync("nx", "first"u8.ToArray(), null, SetCondition.IfNotExists, default));
        Assert.False(await Connection.SetAsync("nx", "second"u8.ToArray(), null, SetCondition.IfNotExists, default));
        Assert.True(await Connection.SetAsync("nx", "third"u8.ToArray(), null, SetCondition.IfExists, default));

        Assert.False(await Connection.ExistsAsync("xx-missing", default));
        Assert.Equal("third", Encoding.UTF8.GetString((await Connection.GetAsync("nx", default))!));
    }

    [Fact]
    public async Task Keys_set_with_PX_expire()
    {
        await Connection.SetAsync("short-lived", "x"u8.ToArray(), TimeSpan.FromMilliseconds(50), SetCondition.Always, default);
        await Connection.SetAsync("kept", "x"u8.ToArray(), null, SetCondition.Always, default);
        Assert.True(await Connection.ExpireAsync("kept", TimeSpan.FromMinutes(5), default));
        Assert.False(await Connection.ExpireAsync("no-such-key", TimeSpan.FromMinutes(5), default));

        while (await Connection.ExistsAsync("short-lived", default))
            await Task.Delay(10);

        Assert.InRange((await Connection.ExecuteAsync(["PTTL", "kept"], default)).Integer, 1, 300_000);
        Assert.True(await Connection.DeleteAsync("kept", default));
        Assert.False(await Connection.DeleteAsync("kept", default));
    }

    [Fact]
    public async Task A_non_positive_expiry_throws_ArgumentOutOfRangeException_and_writes_nothing()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => Connection.SetAsync("zero-ttl", "x"u8.ToArray(), TimeSpan.Zero, SetCondition.Always, default));

        Assert.False(await Connection.ExistsAsync("zero-ttl", default));
    }

    [Fact]
    public async Task Scripts_run_by_SHA_after_the_server_forgot_them()
    {
        var script = new RedisScript("return ARGV[1] .. KEYS[1]");

        Assert.Equal("ab", (await Connection.EvalAsync(script, ["b"], ["a"], default)).AsString());
        await Connection.ExecuteAsync(["SCRIPT", "FLUSH"], default);
        Assert.Equal("cd", (await Connection.EvalAsync(script, ["d"], ["c"], default)).AsString());
    }

    [Fact]
    public async Task DefaultDatabase_selects_the_database_on_connect()
    {
        await using var db1 = redis.NewConnection(o => o with { DefaultDatabase = 1 });

        await db1.SetAsync("in-db1", "x"u8.ToArray(), null, SetCondition.Always, default);

        Assert.True(await db1.ExistsAsync("in-db1", default));
        Assert.False(await Connection.ExistsAsync("in-db1", default));
    }

    [Fact]
    public async Task A_disposed_connection_throws_ObjectDisposedException()
    {
        var connection = redis.NewConnection();
        await connection.PingAsync();

        await connection.DisposeAsync();

        Assert.False(connection.IsConnected);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => connection.PingAsync());
    }

    /// <summary>Makes sure the BLPOP reached the server, so the cancellation hits a command in flight.</summary>
    private async Task WaitUntilTheServerBlocksAClientAsync()
    {
        while (!(await Connection.ExecuteAsync(["INFO", "clients"], default)).AsString()!.Contains("blocked_clients:1", StringComparison.Ordinal))
            await Task.Delay(5);
    }
}
