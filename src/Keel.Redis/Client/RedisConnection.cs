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

    private readonly Lock _sync = new();
    private readonly ReconnectBackoff _backoff;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _disposing = new();
    private volatile RespPipeline? _pipeline;
    // Commands issued while the socket opens, in call order; the opener hands them to the new pipeline first.
    private List<PendingCommand>? _waiting;
    private Task? _connecting;
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
    {
        Task connecting;
        lock (_sync)
        {
            ObjectDisposedException.ThrowIf(_disposing.IsCancellationRequested, this);
            if (_pipeline is { IsAlive: true })
                return;
            if (BackingOff() is { } backingOff)
                throw backingOff;
            connecting = _connecting ??= Task.Run(OpenAsync, CancellationToken.None);
        }

        await connecting.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (_pipeline is not { IsAlive: true })
            throw _lastError ?? new RedisConnectionException($"The connection to Redis at {Options.Endpoint} closed right after opening.");
    }

    /// <summary>Sends <c>PING</c> and waits for <c>PONG</c>: a health check of the whole path to the server.</summary>
    /// <exception cref="RedisException">The server answered with an error, or the connection failed or timed out.</exception>
    public async Task PingAsync(CancellationToken cancellationToken = default)
        => await ExecuteAsync(["PING"], cancellationToken).ConfigureAwait(false);

    /// <summary>Closes the socket; commands in flight fail with <see cref="RedisConnectionException"/>, later ones with <see cref="ObjectDisposedException"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        Task? connecting;
        lock (_sync)
        {
            if (_disposing.IsCancellationRequested)
                return;
            _disposing.Cancel();
            connecting = _connecting;
        }

        if (connecting is not null)
            await connecting.ConfigureAwait(false);
        if (_pipeline is { } pipeline)
            await pipeline.DisposeAsync().ConfigureAwait(false);
        _disposing.Dispose();
    }

    /// <summary>Sends one command and returns its reply. While connected this takes no lock: the command goes straight to the socket's queue.</summary>
    internal Task<RespValue> ExecuteAsync(RedisArgument[] arguments, CancellationToken cancellationToken)
    {
        var pipeline = _pipeline;
        if (pipeline is not null && pipeline.IsAlive)
            return pipeline.ExecuteAsync(arguments, Options.CommandTimeout, cancellationToken);
        return ExecuteWhileDisconnected(arguments, cancellationToken);
    }

    /// <summary>
    /// Queues the command for the connection being opened (opening one if nobody is), so commands keep their call
    /// order across a connect; fails fast while a failed attempt's backoff lasts.
    /// </summary>
    private Task<RespValue> ExecuteWhileDisconnected(RedisArgument[] arguments, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
            return Task.FromCanceled<RespValue>(cancellationToken);
        var command = new PendingCommand(arguments);
        lock (_sync)
        {
            if (_disposing.IsCancellationRequested)
                return Task.FromException<RespValue>(new ObjectDisposedException(nameof(RedisConnection)));
            if (_pipeline is { IsAlive: true } pipeline)
            {
                pipeline.Send(command);
            }
            else
            {
                if (BackingOff() is { } backingOff)
                    return Task.FromException<RespValue>(backingOff);
                (_waiting ??= []).Add(command);
                _connecting ??= Task.Run(OpenAsync, CancellationToken.None);
            }
        }

        return command.WaitAsync(Options.Endpoint, Options.CommandTimeout, cancellationToken);
    }

    private async Task OpenAsync()
    {
        RespPipeline? pipeline = null;
        Exception? error = null;
        try
        {
            pipeline = await RespPipeline.OpenAsync(Options, onPush: null, _disposing.Token).ConfigureAwait(false);
        }
        catch (RedisConnectionException e)
        {
            error = e;
        }
        catch (OperationCanceledException e) when (_disposing.IsCancellationRequested)
        {
            error = new ObjectDisposedException(nameof(RedisConnection), e.Message);
        }

        List<PendingCommand>? waiting;
        lock (_sync)
        {
            waiting = _waiting;
            _waiting = null;
            _connecting = null;
            if (pipeline is not null && !_disposing.IsCancellationRequested)
            {
                // Waiting commands go first, before _pipeline is published: later callers queue behind them.
                foreach (var command in waiting ?? [])
                    pipeline.Send(command);
                _pipeline = pipeline;
                waiting = null;
                _backoff.Reset();
            }
            else if (error is RedisConnectionException failure)
            {
                var delay = _backoff.NextDelay();
                _lastError = failure;
                Volatile.Write(ref _nextAttemptAt, Stopwatch.GetTimestamp() + (long)(delay.TotalSeconds * Stopwatch.Frequency));
                RedisMetrics.Count(RedisMetrics.ConnectFailures, "role", Role);
                RedisLog.ConnectFailed(_logger, Role, Options.Endpoint, _backoff.Failures, delay.TotalMilliseconds, failure);
            }
        }

        if (pipeline is null || waiting is not null)
        {
            error ??= new ObjectDisposedException(nameof(RedisConnection));
            foreach (var command in waiting ?? [])
                command.TrySetException(error);
            if (pipeline is not null)
                await pipeline.DisposeAsync().ConfigureAwait(false);
            return;
        }

        var kind = _everConnected ? "reconnect" : "connect";
        _everConnected = true;
        RedisMetrics.Count(RedisMetrics.Connects, "role", Role, "kind", kind);
        RedisLog.Connected(_logger, Role, Options.Endpoint, kind);
        _ = pipeline.Closed.ContinueWith(OnClosed, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private void OnClosed(Task<Exception> closed)
    {
        if (_disposing.IsCancellationRequested || closed.Result is ObjectDisposedException)
            return;
        RedisMetrics.Count(RedisMetrics.Disconnects, "role", Role);
        RedisLog.ConnectionLost(_logger, Role, Options.Endpoint, closed.Result);
    }

    /// <summary>While the backoff after a failed attempt lasts, the error to fail with at once; null when an attempt may be made.</summary>
    private RedisConnectionException? BackingOff()
    {
        var wait = Volatile.Read(ref _nextAttemptAt) - Stopwatch.GetTimestamp();
        if (wait <= 0)
            return null;
        RedisMetrics.Count(RedisMetrics.CommandErrors, "error", "connection");
        return new RedisConnectionException(
            $"Redis at {Options.Endpoint} is unreachable ({_lastError?.Message}); the next connection attempt is in {wait * 1000 / Stopwatch.Frequency} ms.",
            _lastError);
    }
}
