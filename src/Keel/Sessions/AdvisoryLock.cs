namespace Keel;

/// <summary>A held session-level advisory lock; disposing it calls <c>pg_advisory_unlock</c>.</summary>
public sealed class AdvisoryLock : IAsyncDisposable
{
    private readonly KeelSession _session;
    private bool _released;

    internal AdvisoryLock(KeelSession session, long key)
    {
        _session = session;
        Key = key;
        session.OnAdvisoryLockTaken();
    }

    /// <summary>The lock's 64-bit key.</summary>
    public long Key { get; }

    /// <summary>Releases the lock now.</summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken = default)
    {
        // A disposed session has already given back every lock it held.
        if (_released || _session.IsDisposed)
            return;
        _released = true;
        _session.OnAdvisoryLockReleased();
        await _session.ScalarAsync<bool>($"SELECT pg_advisory_unlock({Key})", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Releases the lock.</summary>
    public async ValueTask DisposeAsync() => await ReleaseAsync().ConfigureAwait(false);
}
