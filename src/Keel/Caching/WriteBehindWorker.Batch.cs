namespace Keel;

/// <summary>One batch: claim, apply in the batch's transaction, delete from the queue, commit — or record a failure.</summary>
public sealed partial class WriteBehindWorker
{
    private async Task<BatchOutcome> RunBatchAsync(CancellationToken cancellationToken)
    {
        var session = await _queue.DataSource.OpenSessionAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            WriteBehindRow? failed;
            Exception? error;
            var transaction = await session.BeginTransactionAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var claimed = await ClaimAsync(transaction, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                if (claimed.Count == 0)
                    return default;
                var (apply, taken) = Plan(claimed);
                (failed, error) = await ApplyAsync(transaction, apply, cancellationToken).ConfigureAwait(false);
                if (failed is null)
                {
                    await CommitAsync(transaction, apply, taken, cancellationToken).ConfigureAwait(false);
                    return new BatchOutcome(taken.Count, false);
                }
            }

            // The batch's transaction is rolled back (disposed above): nothing of it was applied or taken off the queue.
            await RecordFailureAsync(session, failed, error!, cancellationToken).ConfigureAwait(false);
            return new BatchOutcome(0, true);
        }
    }

    /// <summary>
    /// Locks the batch. First the heads: the oldest ready write of each key that no earlier write of the key precedes,
    /// skipping rows other workers hold — a worker holding a key's head is the only one that can take the key, which
    /// keeps each key's writes in order across workers. Then, with room left, the rest of those keys' queued writes.
    /// </summary>
    private async Task<IReadOnlyList<WriteBehindRow>> ClaimAsync(KeelTransaction transaction, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var table = _queue.Table;
        var heads = await transaction.QueryAsync<WriteBehindRow>(
            $"SELECT {WriteBehindQueue.Columns(now)} FROM {table} AS q WHERE q.dead_at IS NULL AND q.available_at <= {now} AND q.target = ANY({_targetNames}) AND NOT EXISTS (SELECT 1 FROM {table} AS e WHERE e.target = q.target AND e.key = q.key AND e.id < q.id) ORDER BY q.id LIMIT {Options.BatchSize} FOR UPDATE OF q SKIP LOCKED",
            cancellationToken).ConfigureAwait(false);
        var room = Options.BatchSize - heads.Count;
        if (heads.Count == 0 || room == 0)
            return heads;
        var targets = new string[heads.Count];
        var keys = new string[heads.Count];
        var headIds = new long[heads.Count];
        for (var i = 0; i < heads.Count; i++)
            (targets[i], keys[i], headIds[i]) = (heads[i].Target, heads[i].Key, heads[i].Id);

        // An id-ordered prefix of all followers is a prefix of each key's followers, so no key skips a write.
        var followers = await transaction.QueryAsync<WriteBehindRow>(
            $"SELECT {WriteBehindQueue.Columns(now)} FROM {table} AS q WHERE (q.target, q.key) IN (SELECT u.t, u.k FROM unnest({targets}::text[], {keys}::text[]) AS u(t, k)) AND q.id <> ALL({headIds}) ORDER BY q.id LIMIT {room} FOR UPDATE OF q",
            cancellationToken).ConfigureAwait(false);
        if (followers.Count == 0)
            return heads;
        var all = new List<WriteBehindRow>(heads.Count + followers.Count);
        all.AddRange(heads);
        all.AddRange(followers);
        return all;
    }

    /// <summary>
    /// What to apply and what to take off the queue: each key's writes in id order up to the first one not ready
    /// (backing off or dead), which with everything after it stays queued; with coalescing only the last taken write
    /// of each key is applied.
    /// </summary>
    private (List<WriteBehindRow> Apply, List<WriteBehindRow> Taken) Plan(IReadOnlyList<WriteBehindRow> claimed)
    {
        var byKey = new Dictionary<(string, string), List<WriteBehindRow>>();
        foreach (var row in claimed)
        {
            if (!byKey.TryGetValue((row.Target, row.Key), out var writes))
                byKey[(row.Target, row.Key)] = writes = [];
            writes.Add(row);
        }

        var apply = new List<WriteBehindRow>(claimed.Count);
        var taken = new List<WriteBehindRow>(claimed.Count);
        foreach (var writes in byKey.Values)
        {
            writes.Sort(static (a, b) => a.Id.CompareTo(b.Id));
            var ready = 0;
            while (ready < writes.Count && writes[ready].Ready)
                ready++;
            for (var i = 0; i < ready; i++)
            {
                taken.Add(writes[i]);
                if (!Options.Coalesce || i == ready - 1)
                    apply.Add(writes[i]);
            }
        }

        apply.Sort(static (a, b) => a.Id.CompareTo(b.Id));
        return (apply, taken);
    }

    /// <summary>Applies the writes in order; stops at the first that throws and returns it with its exception.</summary>
    private async Task<(WriteBehindRow? Failed, Exception? Error)> ApplyAsync(KeelTransaction transaction, List<WriteBehindRow> apply, CancellationToken cancellationToken)
    {
        foreach (var row in apply)
        {
            try
            {
                await _targets[row.Target].ApplyAsync(transaction, row, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                return (row, e);
            }
        }

        return (null, null);
    }

    private async Task CommitAsync(KeelTransaction transaction, List<WriteBehindRow> apply, List<WriteBehindRow> taken, CancellationToken cancellationToken)
    {
        var ids = new long[taken.Count];
        for (var i = 0; i < taken.Count; i++)
            ids[i] = taken[i].Id;
        await transaction.ExecuteAsync($"DELETE FROM {_queue.Table} WHERE id = ANY({ids})", cancellationToken).ConfigureAwait(false);
        if (_queue.Options.Cache is { } cache)
            transaction.OnCommitted(ct => InvalidateAsync(cache, apply, ct));

        // COMMIT itself is not cancelable: once sent, the batch is applied or not, never half.
        await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
        Interlocked.Add(ref _applied, taken.Count);
        var now = _time.GetUtcNow();
        foreach (var row in taken)
        {
            if (WriteBehindMetrics.Lag.Enabled)
                WriteBehindMetrics.Lag.Record((now - row.EnqueuedAt).TotalSeconds, _queue.QueueTag);
        }

        if (WriteBehindMetrics.Applied.Enabled)
        {
            WriteBehindMetrics.Applied.Add(apply.Count, _queue.QueueTag, new KeyValuePair<string, object?>("outcome", "applied"));
            if (taken.Count > apply.Count)
                WriteBehindMetrics.Applied.Add(taken.Count - apply.Count, _queue.QueueTag, new KeyValuePair<string, object?>("outcome", "coalesced"));
        }
    }

    /// <summary>
    /// Drops the applied keys from the cache: the value cached at enqueue is what was applied, unless two writers'
    /// after-commit cache updates raced; the next read takes the truth from the queue and the table.
    /// </summary>
    private async Task InvalidateAsync(KeelCache cache, List<WriteBehindRow> applied, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var row in applied)
                await cache.RemoveAsync(_queue.Options.CacheKey(row.Target, row.Key), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            KeelLog.WriteBehindInvalidationFailed(_logger, e);
        }
    }

    /// <summary>
    /// Counts a failed attempt on the write that threw, in one statement (two workers failing on it do not lose a
    /// count): a later retry time, or a dead letter after the last attempt.
    /// </summary>
    private async Task RecordFailureAsync(KeelSession session, WriteBehindRow failed, Exception error, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var message = error.GetType().Name + ": " + error.Message;
        if (message.Length > 4000)
            message = message[..4000];
        var attempt = await session.ScalarAsync<int?>(
            $"UPDATE {_queue.Table} SET attempts = attempts + 1, last_error = {message}, available_at = {now} + LEAST({Options.RetryMaxDelay}, {Options.RetryBaseDelay} * power(2, LEAST(attempts, 30))), dead_at = CASE WHEN attempts + 1 >= {Options.MaxAttempts} THEN {now} END WHERE id = {failed.Id} RETURNING attempts",
            cancellationToken).ConfigureAwait(false);
        if (attempt is not { } attempts)
            return;
        if (attempts >= Options.MaxAttempts)
        {
            KeelLog.WriteBehindDeadLettered(_logger, failed.Id, failed.Target, failed.Key, attempts, error);
            if (WriteBehindMetrics.DeadLettered.Enabled)
                WriteBehindMetrics.DeadLettered.Add(1, _queue.QueueTag);
        }
        else
        {
            KeelLog.WriteBehindApplyFailed(_logger, failed.Id, failed.Target, failed.Key, attempts, Options.MaxAttempts, now + Options.RetryDelay(attempts), error);
            if (WriteBehindMetrics.Retried.Enabled)
                WriteBehindMetrics.Retried.Add(1, _queue.QueueTag);
        }
    }
}
