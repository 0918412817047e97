namespace Keel;

/// <summary>
/// Carries cache changes between nodes so that every node's in-process (L1) cache drops a key another node changed.
/// Keel ships two: PostgreSQL LISTEN/NOTIFY (on its own dedicated connection) and Redis pub/sub (Keel.Redis).
/// </summary>
/// <remarks>
/// A backplane delivers at most once and only to nodes connected at the time; a node that was disconnected must
/// treat its L1 as suspect after reconnecting (<see cref="CacheBackplaneAction.Clear"/> is delivered locally for that).
/// </remarks>
public interface ICacheBackplane : IAsyncDisposable
{
    /// <summary>
    /// Starts delivering messages published by any node (its own included; the cache ignores its own by
    /// <see cref="CacheBackplaneMessage.SourceId"/>) to <paramref name="handler"/>. Called once per backplane.
    /// </summary>
    Task SubscribeAsync(Func<CacheBackplaneMessage, CancellationToken, Task> handler, CancellationToken cancellationToken = default);

    /// <summary>Publishes a message to every subscribed node.</summary>
    Task PublishAsync(CacheBackplaneMessage message, CancellationToken cancellationToken = default);
}
