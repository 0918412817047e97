using System.Net.Sockets;

namespace Keel.Redis;

/// <summary>Opening a pipeline: TCP connect, then AUTH, SELECT and CLIENT SETNAME, all within the connect timeout.</summary>
internal sealed partial class RespPipeline
{
    /// <summary>Connects and runs the handshake; a pipeline is returned only when it is ready for commands.</summary>
    /// <param name="options">Where to connect and the credentials.</param>
    /// <param name="onPush">For a subscriber connection: receives pub/sub deliveries; null for a command connection.</param>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    /// <exception cref="RedisConnectionException">The server is unreachable, too slow, or refused the handshake.</exception>
    public static async Task<RespPipeline> OpenAsync(RedisConnectionOptions options, Action<RespValue>? onPush, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.ConnectTimeout);
        var endpoint = options.Endpoint;
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        RespPipeline? pipeline = null;
        try
        {
            await socket.ConnectAsync(options.Host, options.Port, deadline.Token).ConfigureAwait(false);
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
            pipeline = new RespPipeline(socket, endpoint, onPush);
            pipeline.Start();
            await pipeline.HandshakeAsync(options, deadline.Token).ConfigureAwait(false);
            return pipeline;
        }
        catch (Exception e) when (e is SocketException or IOException or RedisException or OperationCanceledException)
        {
            if (pipeline is null)
                socket.Dispose();
            else
                await pipeline.DisposeAsync().ConfigureAwait(false);
            if (e is OperationCanceledException && cancellationToken.IsCancellationRequested)
                throw;
            throw e switch
            {
                OperationCanceledException or RedisTimeoutException => new RedisConnectionException(
                    $"Connecting to Redis at {endpoint} took longer than {options.ConnectTimeout.TotalMilliseconds:F0} ms (connectTimeout).", e),
                RedisConnectionException connection => connection,
                RedisException refused => new RedisConnectionException(
                    $"Redis at {endpoint} refused the connection handshake: {refused.Message}", refused),
                _ => new RedisConnectionException($"Could not connect to Redis at {endpoint}: {e.Message}", e),
            };
        }
    }

    private async Task HandshakeAsync(RedisConnectionOptions options, CancellationToken cancellationToken)
    {
        // Queued together, so the whole handshake costs one round trip.
        var steps = new List<Task<RespValue>>(3);
        var timeout = options.ConnectTimeout;
        if (options.Password is not null)
        {
            RedisArgument[] auth = options.User is null ? ["AUTH", options.Password] : ["AUTH", options.User, options.Password];
            steps.Add(ExecuteAsync(auth, timeout, cancellationToken));
        }

        if (options.DefaultDatabase != 0)
            steps.Add(ExecuteAsync(["SELECT", options.DefaultDatabase], timeout, cancellationToken));
        if (options.ClientName is not null)
            steps.Add(ExecuteAsync(["CLIENT", "SETNAME", options.ClientName], timeout, cancellationToken));
        // Without any of the above, a PING proves the server speaks RESP before callers are let in.
        if (steps.Count == 0)
            steps.Add(ExecuteAsync(["PING"], timeout, cancellationToken));
        await Task.WhenAll(steps).ConfigureAwait(false);
    }
}
