namespace Keel;

/// <summary>The one load of a key in progress in this process; every caller that misses meanwhile awaits it.</summary>
internal sealed class CacheFlight
{
    private volatile bool _invalidated;

    public TaskCompletionSource<CachedValue> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Set when the key is set or removed while the load runs: the load's result is then older than that change, so
    /// it is handed to the callers waiting for it but not stored.
    /// </summary>
    public bool Invalidated => _invalidated;

    public void Invalidate() => _invalidated = true;
}
