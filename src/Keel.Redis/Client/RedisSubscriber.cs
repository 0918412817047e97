using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Keel.Redis;

/// <summary>
/// A dedicated pub/sub connection (Redis allows only subscription commands on a subscribed connection). It keeps
/// itself subscribed: when the connection breaks it reconnects with backoff and subscribes again, then reports the gap
/// through <c>onResubscribed</c>, since anything published meanwhile was lost. A periodic PING finds a connection that
/// died without a FIN. Messages and gap reports reach the handlers one at a time, in arrival order.
/// </summary>
internal sealed class RedisSubscriber : IAsyncDisposable
{
    private const string Role = "subscriber";

    private readonly RedisConnectionOptions _options;
    private readonly string[] _channels;
    private readonly Func<string, byte[], CancellationToken, Task> _onMessage;
    private readonly Func<CancellationToken, Task> _onResubscribed;
    private readonly ILogger _logger;
    private readonly ReconnectBackoff _backoff;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _firstAttempt = new(TaskCreationOptions.RunContinuationsAsynchronously);
    // Unbounded so the socket's read loop never waits for a slow handler; a handler that cannot keep up shows as memory.
    private readonly Channel<(string? Channel, byte[]? Payload)> _events = Channel.CreateUnbounded<(string?, byte[]?)>(
        new UnboundedChannelOptions { SingleReader = true });
    private Task _run = Task.CompletedTask;
    private Task _dispatch = Task.CompletedTask;
    private volatile RespPipeline? _pipeline;
    private volatile bool _subscribed;

    public RedisSubscriber(RedisConnectionOptions options, IReadOnlyCollection<string> channels,
        Func<string, byte[], CancellationToken, Task> onMessage, Func<CancellationToken, Task> onResubscribed, ILogger logger)
    {
        _options = options;
        _channels = [.. channels];
        _onMessage = onMessage;
        _onResubscribed = onResubscribed;
        _logger = logger;
        _backoff = new ReconnectBackoff(options.ReconnectMinDelay, options.ReconnectMaxDelay);
    }

    /// <summary>True while subscribed to every channel.</summary>
    public bool IsSubscribed => _subscribed;

    /// <summary>
    /// Starts the connection and waits for the first attempt to subscribe. A failed first attempt is logged, not
    /// thrown: the subscriber keeps trying in the background and reports the gap once it gets through.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _dispatch = Task.Run(DispatchAsync, CancellationToken.None);
        _run = Task.Run(RunAsync, CancellationToken.None);
        await _firstAttempt.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
            return;
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_pipeline is { } pipeline)
            await pipeline.DisposeAsync().ConfigureAwait(false);
        await _run.ConfigureAwait(false);
        _events.Writer.TryComplete();
        await _dispatch.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        var everConnected = false;
        var gap = false;
        while (!_stop.IsCancellationRequested)
        {
            RespPipeline? pipeline = null;
            try
            {
                pipeline = await RespPipeline.OpenAsync(_options, OnPush, _stop.Token).ConfigureAwait(false);
                _pipeline = pipeline;
                var subscribes = new Task<RespValue>[_channels.Length];
                for (var i = 0; i < _channels.Length; i++)
                    subscribes[i] = pipeline.ExecuteAsync(["SUBSCRIBE", _channels[i]], _options.ConnectTimeout, _stop.Token);
                await Task.WhenAll(subscribes).ConfigureAwait(false);
                _subscribed = true;
                _backoff.Reset();
                var kind = everConnected ? "reconnect" : "connect";
                everConnected = true;
                RedisMetrics.Count(RedisMetrics.Connects, "role", Role, "kind", kind);
                RedisLog.Connected(_logger, Role, _options.Endpoint, kind);
                if (gap)
                {
                    RedisLog.Resubscribed(_logger, _channels.Length, _options.Endpoint);
                    _events.Writer.TryWrite((null, null));
                }

                _firstAttempt.TrySetResult();
                var cause = await KeepAliveAsync(pipeline).ConfigureAwait(false);
                gap = true;
                _subscribed = false;
                if (_stop.IsCancellationRequested)
                    break;
                RedisMetrics.Count(RedisMetrics.Disconnects, "role", Role);
                RedisLog.ConnectionLost(_logger, Role, _options.Endpoint, cause);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                break;
            }
            catch (RedisException e)
            {
                gap = true;
                _subscribed = false;
                var delay = _backoff.NextDelay();
                RedisMetrics.Count(RedisMetrics.ConnectFailures, "role", Role);
                RedisLog.ConnectFailed(_logger, Role, _options.Endpoint, _backoff.Failures, delay.TotalMilliseconds, e);
                _firstAttempt.TrySetResult();
                if (!await DelayAsync(delay).ConfigureAwait(false))
                    break;
            }
            finally
            {
                if (pipeline is not null)
                    await pipeline.DisposeAsync().ConfigureAwait(false);
            }
        }

        _subscribed = false;
        _firstAttempt.TrySetResult();
    }

    /// <summary>Pings the open connection every <see cref="RedisConnectionOptions.KeepAlive"/> until it breaks; returns why.</summary>
    private async Task<Exception> KeepAliveAsync(RespPipeline pipeline)
    {
        while (true)
        {
            var tick = Task.Delay(_options.KeepAlive, _stop.Token);
            if (await Task.WhenAny(pipeline.Closed, tick).ConfigureAwait(false) == pipeline.Closed)
                return await pipeline.Closed.ConfigureAwait(false);
            if (_stop.IsCancellationRequested)
                return new OperationCanceledException(_stop.Token);
            try
            {
                await pipeline.ExecuteAsync(["PING"], _options.CommandTimeout, _stop.Token).ConfigureAwait(false);
            }
            catch (RedisException e)
            {
                // No answer means the link is dead even if no FIN ever came; drop it and resubscribe on a new one.
                await pipeline.DisposeAsync().ConfigureAwait(false);
                return e;
            }
        }
    }

    private async Task<bool> DelayAsync(TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, _stop.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Runs on the socket's read loop: hands the delivery over and returns at once.</summary>
    private void OnPush(RespValue message)
    {
        var elements = message.Elements!;
        _events.Writer.TryWrite((Encoding.UTF8.GetString(elements[1].Bytes ?? []), elements[2].Bytes ?? []));
    }

    private async Task DispatchAsync()
    {
        var token = _stop.Token;
        await foreach (var (channel, payload) in _events.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            if (token.IsCancellationRequested)
                continue;
            try
            {
                if (channel is null)
                    await _onResubscribed(token).ConfigureAwait(false);
                else
                    await _onMessage(channel, payload!, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                // Stopping: the remaining deliveries are dropped.
            }
#pragma warning disable CA1031 // A handler's failure must not end the delivery of every later message.
            catch (Exception e)
#pragma warning restore CA1031
            {
                RedisLog.HandlerFailed(_logger, channel ?? "(resubscribed)", e);
            }
        }
    }
}
