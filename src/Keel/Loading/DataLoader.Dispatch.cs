namespace Keel;

/// <summary>Queuing keys and running batches: one dispatcher per loader at a time, on the thread pool.</summary>
public sealed partial class DataLoader<TKey, T>
{
    // How many times the dispatcher yields while keys keep arriving before it sends what it has: enough for a burst of
    // loads from one synchronous loop to finish, bounded so a steady stream of loads cannot hold a batch back forever.
    private const int SettleRounds = 16;

    /// <summary>The cached entry for <paramref name="key"/>, or a new one queued for the next batch.</summary>
    private Entry Enqueue(TKey key)
    {
        Entry? entry;
        var start = false;
        lock (_gate)
        {
            if (_cache.TryGetValue(key, out entry))
                return entry;
            entry = new Entry();
            _cache.Add(key, entry);
            _queue.Add(new(key, entry));
            _arrivals++;
            if (!_dispatching)
                _dispatching = start = true;
        }

        if (start)
            _ = Task.Run(DispatchAsync, CancellationToken.None);
        return entry;
    }

    /// <summary>Sends the queued keys in batches of at most <see cref="MaxBatchSize"/>, one after another, until none are left.</summary>
    private async Task DispatchAsync()
    {
        while (true)
        {
            await SettleAsync().ConfigureAwait(false);
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
    /// Lets the turn that asked for the first key finish asking: while new keys keep arriving the dispatcher yields
    /// again, so a <c>Task.WhenAll</c> over a collection lands in one batch rather than in whatever part was queued first.
    /// </summary>
    private async Task SettleAsync()
    {
        var seen = Volatile.Read(ref _arrivals);
        for (var round = 0; round < SettleRounds; round++)
        {
            await Task.Yield();
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
