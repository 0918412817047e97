namespace Keel;

/// <summary>
/// Loads values by key in batches and remembers them (the DataLoader pattern). Loads asked for before the loader
/// dispatches — every <see cref="LoadAsync"/> of one <c>Task.WhenAll</c>, or several loads started before the first
/// is awaited — become one call of the batch function with the distinct keys, typically one
/// <c>SELECT … WHERE id = ANY($1)</c>. Each caller gets the value for its own key.
/// </summary>
/// <remarks>
/// <para>
/// Results are cached for the loader's lifetime: create one loader per unit of work (a request, a job step) and let
/// it go with it. A key asked for again is answered from the cache without a query, until <see cref="Clear(TKey)"/>.
/// A failed batch is not cached: every caller waiting on it gets the error, and the next load of those keys asks again.
/// </para>
/// <para>
/// Batches run one at a time, so a batch function may use one <see cref="KeelSession"/> (one connection, one command
/// at a time). Keys asked for while a batch runs wait for the next one. The loader is safe to use from many threads.
/// </para>
/// </remarks>
/// <typeparam name="TKey">The key type; it must be a type Npgsql can send as an array element when bound with <c>ANY</c>.</typeparam>
/// <typeparam name="T">The loaded value, usually a row type.</typeparam>
public sealed partial class DataLoader<TKey, T>
    where TKey : notnull
{
    private readonly Func<IReadOnlyList<TKey>, CancellationToken, Task<IReadOnlyDictionary<TKey, T>>> _batchFetch;
    private readonly CancellationToken _lifetime;
    private readonly Lock _gate = new();
    private readonly Dictionary<TKey, Entry> _cache = [];
    private readonly List<KeyValuePair<TKey, Entry>> _queue = [];
    private readonly KeyValuePair<string, object?> _tag = new("loader", typeof(T).Name);
    private bool _dispatching;
    private int _arrivals;

    internal DataLoader(
        Func<IReadOnlyList<TKey>, CancellationToken, Task<IReadOnlyDictionary<TKey, T>>> batchFetch, DataLoaderOptions? options, CancellationToken lifetime)
    {
        ArgumentNullException.ThrowIfNull(batchFetch);
        options ??= DataLoaderOptions.Default;
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBatchSize, 1, nameof(options));
        _batchFetch = batchFetch;
        MaxBatchSize = options.MaxBatchSize;
        _lifetime = lifetime;
    }

    /// <summary>The most keys one call of the batch function receives; more are split into several batches.</summary>
    public int MaxBatchSize { get; }

    /// <summary>
    /// The value for <paramref name="key"/>, or <c>default</c> (null) when the batch function returned none for it.
    /// Cancelling <paramref name="cancellationToken"/> stops this caller's wait only; the batch goes on for the others.
    /// </summary>
    public Task<T?> LoadAsync(TKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return WaitFor(Enqueue(key).Task, cancellationToken);
    }

    /// <summary>The value for <paramref name="key"/>; throws <see cref="LoaderKeyNotFoundException"/> when the batch function returned none.</summary>
    public async Task<T> LoadRequiredAsync(TKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var entry = Enqueue(key);
        var value = await WaitFor(entry.Task, cancellationToken).ConfigureAwait(false);
        return entry.Found ? value! : throw new LoaderKeyNotFoundException(typeof(T), key);
    }

    /// <summary>
    /// The values for <paramref name="keys"/>, in the same order (a repeated key gives its value again, a missing one
    /// <c>default</c>), fetched together with any other loads waiting for the next batch.
    /// </summary>
    public Task<T?[]> LoadManyAsync(IEnumerable<TKey> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var tasks = EnqueueMany(keys);
        return tasks.Length == 0 ? Task.FromResult(Array.Empty<T?>()) : WaitFor(Task.WhenAll(tasks), cancellationToken);
    }

    /// <summary>Forgets the cached value for <paramref name="key"/> (after a write), so the next load asks again.</summary>
    public void Clear(TKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
            _cache.Remove(key);
    }

    /// <summary>Forgets every cached value. Loads already waiting for a batch still get their results.</summary>
    public void Clear()
    {
        lock (_gate)
            _cache.Clear();
    }

    private static Task<TResult> WaitFor<TResult>(Task<TResult> task, CancellationToken cancellationToken)
        => cancellationToken.CanBeCanceled && !task.IsCompleted ? task.WaitAsync(cancellationToken) : task;

    /// <summary>
    /// One key's outcome (the completion source itself, one object less per key). <see cref="Found"/> is set before
    /// the result completes, so waiters see it. Continuations run asynchronously so that callers' code never runs on
    /// the dispatcher and holds up the next batch.
    /// </summary>
    private sealed class Entry() : TaskCompletionSource<T?>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public bool Found { get; set; }
    }
}
