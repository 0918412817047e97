using System.Threading.Channels;
using Npgsql;

namespace Keel;

/// <summary>
/// A <see cref="ICacheBackplane"/> over PostgreSQL LISTEN/NOTIFY. Publishing is <c>SELECT pg_notify($1, $2)</c> on a
/// pooled session; listening holds one session of its own for the backplane's lifetime, waits for notifications on it,
/// and reconnects with backoff when it is lost — then tells the cache to clear its L1, since messages sent meanwhile
/// were missed.
/// </summary>
/// <remarks>
/// The listening session must be a real server session: give this backplane a data source that connects to
/// PostgreSQL directly (or through PgBouncer in <em>session</em> mode). Behind PgBouncer in transaction mode, LISTEN
/// is silently lost when the server connection goes back to PgBouncer's pool.
/// </remarks>
public sealed class PostgresCacheBackplane : ICacheBackplane
{
    /// <summary>The source id of the <see cref="CacheBackplaneAction.Clear"/> delivered locally after a reconnect.</summary>
    public const string ReconnectSourceId = "keel-postgres-backplane";

    private readonly KeelDataSource _keel;
    private readonly Channel<CacheBackplaneMessage> _inbox = Channel.CreateUnbounded<CacheBackplaneMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly Sql _listen;
    private Func<CacheBackplaneMessage, CancellationToken, Task>? _handler;
    private Task _listener = Task.CompletedTask;
    private Task _dispatcher = Task.CompletedTask;
    private int _disposed;

    /// <summary>A backplane on <paramref name="keel"/>, which must reach PostgreSQL directly (see the remarks).</summary>
    /// <exception cref="ArgumentException">An option is out of range or the channel is not a valid identifier.</exception>
    public PostgresCacheBackplane(KeelDataSource keel, PostgresCacheBackplaneOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(keel);
        options ??= new PostgresCacheBackplaneOptions();
        options.Validate();
        _keel = keel;
        Options = options;
        _listen = Sql.Raw("LISTEN " + Sql.Identifier(options.Channel).Text);
    }

    /// <summary>The options in force.</summary>
    public PostgresCacheBackplaneOptions Options { get; }

    /// <summary>How many times the listening session has been re-established after a loss.</summary>
    public int Reconnects { get; private set; }

    /// <summary>
    /// Opens the listening session and runs <c>LISTEN channel</c>, then delivers every notification on the channel to
    /// <paramref name="handler"/>, one at a time. If the first connection fails, the error is logged and the
    /// backplane keeps trying in the background, as after any later loss.
    /// </summary>
    /// <exception cref="InvalidOperationException">The backplane already has a subscriber.</exception>
    public async Task SubscribeAsync(Func<CacheBackplaneMessage, CancellationToken, Task> handler, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (Interlocked.CompareExchange(ref _handler, handler, null) is not null)
            throw new InvalidOperationException("This backplane already has a subscriber; make one backplane per cache.");
        _dispatcher = DispatchAsync(handler);
        KeelSession? session = null;
        try
        {
            session = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            KeelLog.CacheBackplaneDisconnected(_keel.Logger, Options.ReconnectDelay.TotalMilliseconds, e);
        }

        _listener = ListenAsync(session);
    }

    /// <summary>Sends the message to every listening node: <c>SELECT pg_notify($1, $2)</c> on a pooled session.</summary>
    public async Task PublishAsync(CacheBackplaneMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var payload = message.Encode();
        var session = await _keel.OpenSessionAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
            await session.ExecuteAsync($"SELECT pg_notify({Options.Channel}, {payload})", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops listening and returns the listening session to the pool.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        await _stop.CancelAsync().ConfigureAwait(false);
        await _listener.ConfigureAwait(false);
        _inbox.Writer.TryComplete();
        await _dispatcher.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task<KeelSession> ConnectAsync(CancellationToken cancellationToken)
    {
        var session = await _keel.OpenSessionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            session.Connection.Notification += OnNotification;
            await session.ExecuteAsync(_listen, cancellationToken).ConfigureAwait(false);
            return session;
        }
        catch
        {
            await CloseAsync(session).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Waits for notifications on the session; on a loss, backs off, reconnects, and has the cache clear its L1.</summary>
    private async Task ListenAsync(KeelSession? session)
    {
        await Task.Yield();
        var token = _stop.Token;
        var delay = Options.ReconnectDelay;
        try
        {
            while (!token.IsCancellationRequested)
            {
                try
                {
                    if (session is null)
                    {
                        session = await ConnectAsync(token).ConfigureAwait(false);
                        Reconnects++;
                        delay = Options.ReconnectDelay;
                        KeelLog.CacheBackplaneReconnected(_keel.Logger, Options.Channel);
                        _inbox.Writer.TryWrite(new CacheBackplaneMessage(ReconnectSourceId, CacheBackplaneAction.Clear, string.Empty));
                    }

                    // Notifications arrive as events raised inside the wait; a quiet spell ends with a query that
                    // proves the connection is still alive.
                    if (!await session.Connection.WaitAsync(Options.KeepAliveInterval, token).ConfigureAwait(false))
                        await session.ExecuteAsync($"SELECT 1", token).ConfigureAwait(false);
                }
                catch (Exception e) when (!token.IsCancellationRequested)
                {
                    if (session is not null)
                        await CloseAsync(session).ConfigureAwait(false);
                    session = null;
                    KeelLog.CacheBackplaneDisconnected(_keel.Logger, delay.TotalMilliseconds, e);
                    await Task.Delay(delay, token).ConfigureAwait(false);
                    delay = delay * 2 < Options.MaxReconnectDelay ? delay * 2 : Options.MaxReconnectDelay;
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Disposed.
        }
        finally
        {
            if (session is not null)
                await CloseAsync(session).ConfigureAwait(false);
        }
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        if (e.Channel == Options.Channel && CacheBackplaneMessage.TryDecode(e.Payload, out var message))
            _inbox.Writer.TryWrite(message!);
    }

    private async Task DispatchAsync(Func<CacheBackplaneMessage, CancellationToken, Task> handler)
    {
        await Task.Yield();
        await foreach (var message in _inbox.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                await handler(message, _stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !_stop.IsCancellationRequested)
            {
                KeelLog.CacheBackplaneHandlerFailed(_keel.Logger, message.Action.ToString(), message.Key, e);
            }
        }
    }

    private async Task CloseAsync(KeelSession session)
    {
        session.Connection.Notification -= OnNotification;
        try
        {
            await session.DisposeAsync().ConfigureAwait(false);
        }
        catch (NpgsqlException)
        {
            // The connection is already broken; the pool discards it.
        }
    }
}
