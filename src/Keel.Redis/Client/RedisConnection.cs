using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Keel.Redis;

/// <summary>
/// One multiplexed connection to a Redis server, shared by every caller and by the Keel.Redis components built on it
/// (<see cref="RedisDistributedCache"/>, <see cref="RedisCacheBackplane"/>, <see cref="RedisCacheLock"/>). Create one
/// per server and application and keep it for the application's lifetime.
/// </summary>
/// <remarks>
/// <para>Commands from concurrent callers are pipelined on one socket and their replies are matched in order. Each
/// command waits at most <see cref="RedisConnectionOptions.CommandTimeout"/>; a cancelled or timed-out command never
/// puts later replies out of step.</para>
/// <para>The socket opens on first use. When it breaks, commands in flight fail with
/// <see cref="RedisConnectionException"/> at once, and the next command reconnects. After a failed attempt, commands
/// fail fast (without touching the network) until a backoff delay has passed, so an outage costs callers no waiting:
/// a cache in front of a database falls back to the database immediately.</para>
/// </remarks>
public sealed partial class RedisConnection : IAsyncDisposable
{
    private const string Role = "commands";

    private readonly SemaphoreSlim _connectGate = new(1, 1);
    private readonly ReconnectBackoff _backoff;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _disposing = new();
    private volatile RespPipeline? _pipeline;
    private long _nextAttemptAt;
    private Exception? _lastError;
    private bool _everConnected;

    /// <summary>Creates the connection (nothing is opened until the first command or <see cref="ConnectAsync"/>).</summary>
    /// <param name="options">The server and the settings.</param>
    /// <param name="loggerFactory">Where connects, disconnects and failures are logged; none when null.</param>
    public RedisConnection(RedisConnectionOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        LoggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = LoggerFactory.CreateLogger<RedisConnection>();
        _backoff = new ReconnectBackoff(options.ReconnectMinDelay, options.ReconnectMaxDelay);
    }

    /// <summary>Creates the connection from a connection string (see <see cref="RedisConnectionOptions.Parse"/>).</summary>
    public RedisConnection(string connectionString, ILoggerFactory? loggerFactory = null)
        : this(RedisConnectionOptions.Parse(connectionString), loggerFactory)
    {
    }

    /// <summary>The settings this connection was created with.</summary>
    public RedisConnectionOptions Options { get; }

    /// <summary>True while the socket is open and ready; false before first use, after a break and after disposal.</summary>
    public bool IsConnected => _pipeline?.IsAlive == true;

    /// <summary>For the components built on this connection, so they log where it logs.</summary>
    internal ILoggerFactory LoggerFactory { get; }

    /// <summary>Opens the socket now (otherwise the first command does), to find a bad address or password at start-up.</summary>
    /// <exception cref="RedisConnectionException">The server is unreachable or refused the handshake.</exception>
    public async Task ConnectAsync(CancellationToken cancellationToken = default)
        => await GetPipelineAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Sends <c>PING</c> and waits for <c>PONG</c>: a health check of the whole path to the server.</summary>
    /// <exception cref="RedisException">The server answered with an error, or the connection failed or timed out.</exception>
    public async Task PingAsync(CancellationToken cancellationToken = default)
        => await ExecuteAsync(["PING"], cancellationToken).ConfigureAwait(false);

    /// <summary>Closes the socket; commands in flight fail with <see cref="RedisConnectionException"/>, later ones with <see cref="ObjectDisposedException"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposing.IsCancellationRequested)
            return;
        await _disposing.CancelAsync().ConfigureAwait(false);
        await _connectGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_pipeline is { } pipeline)
                await pipeline.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _connectGate.Release();
        }

        _disposing.Dispose();
    }

    /// <summary>Sends one command and returns its reply; the hot path allocates only the command and its reply.</summary>
    internal Task<RespValue> ExecuteAsync(RedisArgument[] arguments, CancellationToken cancellationToken)
    {
        var pipeline = _pipeline;
        if (pipeline is not null && pipeline.IsAlive)
            return pipeline.ExecuteAsync(arguments, Options.CommandTimeout, cancellationToken);
        return ExecuteAfterConnectAsync(arguments, cancellationToken);
    }

    private async Task<RespValue> ExecuteAfterConnectAsync(RedisArgument[] arguments, CancellationToken cancellationToken)
    {
        var pipeline = await GetPipelineAsync(cancellationToken).ConfigureAwait(false);
        return await pipeline.ExecuteAsync(arguments, Options.CommandTimeout, cancellationToken).ConfigureAwait(false);
    }

    private async Task<RespPipeline> GetPipelineAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposing.IsCancellationRequested, this);
        if (_pipeline is { IsAlive: true } open)
            return open;
        ThrowIfBackingOff();
        await _connectGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposing.IsCancellationRequested, this);
            // Whoever held the gate may have just connected, or just failed: then this caller fails fast too.
            if (_pipeline is { IsAlive: true } opened)
                return opened;
            ThrowIfBackingOff();
            return await OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _connectGate.Release();
        }
    }

    private async Task<RespPipeline> OpenAsync(CancellationToken cancellationToken)
    {
        RespPipeline pipeline;
        try
        {
            pipeline = await RespPipeline.OpenAsync(Options, onPush: null, cancellationToken).ConfigureAwait(false);
        }
        catch (RedisConnectionException e)
        {
            var delay = _backoff.NextDelay();
            _lastError = e;
            Volatile.Write(ref _nextAttemptAt, Stopwatch.GetTimestamp() + (long)(delay.TotalSeconds * Stopwatch.Frequency));
            RedisMetrics.Count(RedisMetrics.ConnectFailures, "role", Role);
            RedisLog.ConnectFailed(_logger, Role, Options.Endpoint, _backoff.Failures, delay.TotalMilliseconds, e);
            throw;
        }

        var kind = _everConnected ? "reconnect" : "connect";
        _everConnected = true;
        _backoff.Reset();
        _pipeline = pipeline;
        RedisMetrics.Count(RedisMetrics.Connects, "role", Role, "kind", kind);
        RedisLog.Connected(_logger, Role, Options.Endpoint, kind);
        _ = pipeline.Closed.ContinueWith(OnClosed, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return pipeline;
    }

    private void OnClosed(Task<Exception> closed)
    {
        if (_disposing.IsCancellationRequested || closed.Result is ObjectDisposedException)
            return;
        RedisMetrics.Count(RedisMetrics.Disconnects, "role", Role);
        RedisLog.ConnectionLost(_logger, Role, Options.Endpoint, closed.Result);
    }

    private void ThrowIfBackingOff()
    {
        var wait = Volatile.Read(ref _nextAttemptAt) - Stopwatch.GetTimestamp();
        if (wait <= 0)
            return;
        RedisMetrics.Count(RedisMetrics.CommandErrors, "error", "connection");
        throw new RedisConnectionException(
            $"Redis at {Options.Endpoint} is unreachable ({_lastError?.Message}); the next connection attempt is in {wait * 1000 / Stopwatch.Frequency} ms.",
            _lastError);
    }
}
