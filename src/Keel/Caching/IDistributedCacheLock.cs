namespace Keel;

/// <summary>
/// A lock shared by every node, used for stampede protection across processes: only the holder runs the factory for
/// a key; the others wait for the value to appear in L2. Keel ships a PostgreSQL advisory-lock implementation and a
/// Redis <c>SET NX PX</c> one (Keel.Redis).
/// </summary>
public interface IDistributedCacheLock
{
    /// <summary>
    /// Tries to take the lock named <paramref name="key"/>, waiting up to <paramref name="wait"/>. Returns a handle that
    /// releases it when disposed, or null when another node still holds it after <paramref name="wait"/>.
    /// </summary>
    /// <param name="key">The cache key the lock protects.</param>
    /// <param name="expiry">How long the lock lives if its holder dies without releasing it (where the backend supports expiry).</param>
    /// <param name="wait">How long to wait for the lock.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    Task<IAsyncDisposable?> TryAcquireAsync(string key, TimeSpan expiry, TimeSpan wait, CancellationToken cancellationToken = default);
}
