namespace Keel.Redis;

/// <summary>The typed commands the Keel.Redis components use; each is one round trip.</summary>
public sealed partial class RedisConnection
{
    /// <summary><c>GET key</c>: the value, or null when the key does not exist.</summary>
    internal async Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
        => (await ExecuteAsync(["GET", key], cancellationToken).ConfigureAwait(false)).Bytes;

    /// <summary><c>SET key value [PX ms] [NX|XX]</c>: true when written, false when the condition kept it from being written.</summary>
    internal async Task<bool> SetAsync(string key, ReadOnlyMemory<byte> value, TimeSpan? expiry, SetCondition condition, CancellationToken cancellationToken)
    {
        var count = 3 + (expiry is null ? 0 : 2) + (condition == SetCondition.Always ? 0 : 1);
        var arguments = new RedisArgument[count];
        arguments[0] = "SET";
        arguments[1] = key;
        arguments[2] = RedisArgument.FromBytes(value);
        var next = 3;
        if (expiry is { } ttl)
        {
            arguments[next++] = "PX";
            arguments[next++] = ToMilliseconds(ttl, nameof(expiry));
        }

        if (condition != SetCondition.Always)
            arguments[next] = condition == SetCondition.IfNotExists ? "NX" : "XX";
        var reply = await ExecuteAsync(arguments, cancellationToken).ConfigureAwait(false);
        return !reply.IsNull;
    }

    /// <summary><c>DEL key</c>: true when the key existed.</summary>
    internal async Task<bool> DeleteAsync(string key, CancellationToken cancellationToken)
        => (await ExecuteAsync(["DEL", key], cancellationToken).ConfigureAwait(false)).Integer > 0;

    /// <summary><c>EXISTS key</c>.</summary>
    internal async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken)
        => (await ExecuteAsync(["EXISTS", key], cancellationToken).ConfigureAwait(false)).Integer > 0;

    /// <summary><c>PEXPIRE key ms</c>: true when the key exists and got the new expiry.</summary>
    internal async Task<bool> ExpireAsync(string key, TimeSpan expiry, CancellationToken cancellationToken)
        => (await ExecuteAsync(["PEXPIRE", key, ToMilliseconds(expiry, nameof(expiry))], cancellationToken).ConfigureAwait(false)).Integer > 0;

    /// <summary><c>PUBLISH channel message</c>: how many subscribers received it.</summary>
    internal async Task<long> PublishAsync(string channel, string message, CancellationToken cancellationToken)
        => (await ExecuteAsync(["PUBLISH", channel, message], cancellationToken).ConfigureAwait(false)).Integer;

    /// <summary>Runs a script by its SHA-1, sending its text only when the server does not have it (after a restart, say).</summary>
    internal async Task<RespValue> EvalAsync(RedisScript script, RedisArgument[] keys, RedisArgument[] arguments, CancellationToken cancellationToken)
    {
        try
        {
            return await ExecuteAsync(ScriptCommand("EVALSHA", script.Sha1, keys, arguments), cancellationToken).ConfigureAwait(false);
        }
        catch (RedisException e) when (e is not RedisConnectionException and not RedisTimeoutException
                                       && e.Message.Contains("NOSCRIPT", StringComparison.Ordinal))
        {
            return await ExecuteAsync(ScriptCommand("EVAL", script.Text, keys, arguments), cancellationToken).ConfigureAwait(false);
        }
    }

    private static RedisArgument[] ScriptCommand(string command, string script, RedisArgument[] keys, RedisArgument[] arguments)
    {
        var all = new RedisArgument[3 + keys.Length + arguments.Length];
        all[0] = command;
        all[1] = script;
        all[2] = keys.Length;
        keys.CopyTo(all, 3);
        arguments.CopyTo(all, 3 + keys.Length);
        return all;
    }

    private static long ToMilliseconds(TimeSpan value, string name)
    {
        // Redis expiries are whole milliseconds; rounding up keeps a sub-millisecond expiry from becoming 0 (an error).
        var milliseconds = (long)Math.Ceiling(value.TotalMilliseconds);
        ArgumentOutOfRangeException.ThrowIfLessThan(milliseconds, 1, name);
        return milliseconds;
    }
}
