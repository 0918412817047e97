namespace Keel;

/// <summary>Queuing keys and running batches: one dispatcher per loader at a time, on the thread pool.</summary>
public sealed partial class DataLoader<TKey, T>
{
    // How many times the dispatcher yields while keys keep arriving before it sends what it has: enough for a burst of
    // loads from one loop to finish, bounded so that a steady stream of loads cannot hold a batch back for long.
    private const int SettleRounds = 64;

    /// <summary>The cached entry for <paramref name="key"/>, or a new one queued for the next batch.</summary>
    private Entry Enqueue(TKey key)
    {
        Entry? entry;
        bool start;
        lock (_gate)
        {
            if (_cache.TryGetValue(key, out entry))
                return entry;
            entry = Add(key);
            start = StartDispatcher();
        }

        if (start)
            _ = Task.Run(DispatchAsync, CancellationToken.None);
        return entry;
    }

    /// <summary>Entries for all <paramref name="keys"/>, queued under one lock so that they always share a batch.</summary>
    private Task<T?>[] EnqueueMany(IEnumerable<TKey> keys)
    {
        // Read the caller's sequence before taking the lock: its enumerator is user code, and a null key must be
        // refused before anything is queued.
        TKey[] list = [.. keys];
        foreach (var key in list)
        {
            if (key is null)
                throw new ArgumentException("A key in the list is null; a loader looks up non-null keys only.", nameof(keys));
        }

        var tasks = new Task<T?>[list.Length];
        bool start;
        lock (_gate)
        {
            for (var i = 0; i < list.Length; i++)
                tasks[i] = (_cache.TryGetValue(list[i], out var entry) ? entry : Add(list[i])).Task;
            start = StartDispatcher();
        }

        if (start)
            _ = Task.Run(DispatchAsync, CancellationToken.None);
        return tasks;
    }

    /// <summary>Caches and queues a new entry. Under the lock.</summary>
    private Entry Add(TKey key)
    {
        var entry = new Entry();
        _cache.Add(key, entry);
        _queue.Add(new(key, entry));
        _arrivals++;
        return entry;
    }

    /// <summary>True when keys wait and no dispatcher runs: the caller starts one. Under the lock.</summary>
    private bool StartDispatcher()
    {
        if (_dispatching || _queue.Count == 0)
            return false;
        _dispatching = true;
        return true;
    }

    /// <summary>Sends the queued keys in batches of at most <see cref="MaxBatchSize"/>, one after another, until none are left.</summary>
    private async Task DispatchAsync()
    {
        while (true)
        {
            Settle();
            TKey[] keys;
            Entry[] entries;
            lock (_gate)
            {
                if (_queue.Count == 0)
                {
                    _dispatching = false;
                    return;
                }

                var count = Math.Min(_queue.Count, MaxBatchSize);
                keys = new TKey[count];
                entries = new Entry[count];
                for (var i = 0; i < count; i++)
                    (keys[i], entries[i]) = _queue[i];
                _queue.RemoveRange(0, count);
            }

            await RunBatchAsync(keys, entries).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Lets the code that asked for the first key finish asking: while new keys keep arriving the dispatcher gives up
    /// its core and looks again, so a <c>Task.WhenAll</c> over a collection lands in one batch. Giving up the core
    /// matters: waking this thread can preempt the asking thread on the same core, in the middle of its loop.
    /// </summary>
    private void Settle()
    {
        var seen = Volatile.Read(ref _arrivals);
        for (var round = 0; round < SettleRounds; round++)
        {
            Thread.Yield();
            var now = Volatile.Read(ref _arrivals);
            if (now == seen)
                return;
            seen = now;
        }
    }

    /// <summary>Calls the batch function once and completes every entry; never throws (failures go to the waiters).</summary>
    private async Task RunBatchAsync(TKey[] keys, Entry[] entries)
    {
        if (KeelMetrics.LoaderBatches.Enabled)
            KeelMetrics.LoaderBatches.Add(1, _tag);
        if (KeelMetrics.LoaderKeys.Enabled)
            KeelMetrics.LoaderKeys.Record(keys.Length, _tag);

        IReadOnlyDictionary<TKey, T> values;
        try
        {
            _lifetime.ThrowIfCancellationRequested();
            values = await _batchFetch(keys, _lifetime).ConfigureAwait(false)
                ?? throw new KeelException($"The batch function of the {typeof(T).Name} loader returned null; return an empty dictionary or list when nothing matches.");
        }
        catch (Exception e)
        {
            Fail(keys, entries, e);
            return;
        }

        for (var i = 0; i < keys.Length; i++)
        {
            var entry = entries[i];
            entry.Found = values.TryGetValue(keys[i], out var value);
            entry.TrySetResult(value);
        }
    }

    /// <summary>Hands the batch's error to every waiter and drops the failed entries from the cache, so a later load retries.</summary>
    private void Fail(TKey[] keys, Entry[] entries, Exception error)
    {
        lock (_gate)
        {
            for (var i = 0; i < keys.Length; i++)
            {
                if (_cache.TryGetValue(keys[i], out var cached) && ReferenceEquals(cached, entries[i]))
                    _cache.Remove(keys[i]);
            }
        }

        foreach (var entry in entries)
        {
            if (error is OperationCanceledException canceled)
                entry.TrySetCanceled(canceled.CancellationToken);
            else
                entry.TrySetException(error);
        }
    }
}
