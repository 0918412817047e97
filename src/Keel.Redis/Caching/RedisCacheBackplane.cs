using System.Text;
using Microsoft.Extensions.Logging;

namespace Keel.Redis;

/// <summary>
/// An <see cref="ICacheBackplane"/> over Redis pub/sub: messages are published through the shared
/// <see cref="RedisConnection"/> and received on a subscriber connection of the backplane's own.
/// </summary>
/// <remarks>
/// Pub/sub delivers at most once, to the nodes subscribed at that moment. So whenever the subscription is
/// re-established after a gap (a lost connection, a Redis restart, or a start while Redis was down), the handler gets
/// a local <see cref="CacheBackplaneAction.Clear"/> message: the node's L1 may have missed invalidations and must be
/// dropped. Its <see cref="CacheBackplaneMessage.SourceId"/> is <see cref="LocalSourceId"/>, never a cache's own id.
/// </remarks>
public sealed class RedisCacheBackplane : ICacheBackplane
{
    /// <summary>The source id of the <see cref="CacheBackplaneAction.Clear"/> messages this backplane makes up itself.</summary>
    public const string LocalSourceId = "keel.redis.backplane";

    private readonly RedisConnection _connection;
    private readonly string _channel;
    private readonly ILogger _logger;
    private RedisSubscriber? _subscriber;

    /// <summary>Creates the backplane; it subscribes on <see cref="SubscribeAsync"/>.</summary>
    /// <param name="connection">The shared connection, used to publish and for its settings; not owned.</param>
    /// <param name="options">The channel; defaults when null.</param>
    public RedisCacheBackplane(RedisConnection connection, RedisCacheBackplaneOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _connection = connection;
        _channel = (options ?? new RedisCacheBackplaneOptions()).Channel;
        ArgumentException.ThrowIfNullOrEmpty(_channel, nameof(options));
        _logger = connection.LoggerFactory.CreateLogger<RedisCacheBackplane>();
    }

    /// <summary>True while the subscriber connection is subscribed.</summary>
    public bool IsSubscribed => _subscriber?.IsSubscribed == true;

    /// <inheritdoc />
    /// <remarks>
    /// Returns once the first attempt to subscribe finished. If Redis is unreachable then, the failure is logged and
    /// the backplane keeps trying in the background; it delivers a <see cref="CacheBackplaneAction.Clear"/> once it
    /// gets through.
    /// </remarks>
    /// <exception cref="InvalidOperationException">The backplane is already subscribed.</exception>
    public async Task SubscribeAsync(Func<CacheBackplaneMessage, CancellationToken, Task> handler, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var subscriber = new RedisSubscriber(_connection.Options, [_channel],
            (channel, payload, token) => DeliverAsync(handler, channel, payload, token),
            token => handler(new CacheBackplaneMessage(LocalSourceId, CacheBackplaneAction.Clear, string.Empty), token),
            _logger);
        if (Interlocked.CompareExchange(ref _subscriber, subscriber, null) is not null)
            throw new InvalidOperationException("This backplane is already subscribed; SubscribeAsync is called once per backplane.");
        await subscriber.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="RedisException">Redis is unreachable or failed; the message was not published.</exception>
    public async Task PublishAsync(CacheBackplaneMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        await _connection.PublishAsync(_channel, message.Encode(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Closes the subscriber connection (the shared connection stays open).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _subscriber, null) is { } subscriber)
            await subscriber.DisposeAsync().ConfigureAwait(false);
    }

    private Task DeliverAsync(Func<CacheBackplaneMessage, CancellationToken, Task> handler, string channel, byte[] payload, CancellationToken token)
    {
        if (CacheBackplaneMessage.TryDecode(Encoding.UTF8.GetString(payload), out var message))
            return handler(message!, token);
        RedisLog.ForeignMessage(_logger, channel);
        return Task.CompletedTask;
    }
}
