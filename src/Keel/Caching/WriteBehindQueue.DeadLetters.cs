namespace Keel;

/// <summary>Dead letters: writes that failed too often, kept visible until they are re-driven or discarded.</summary>
public sealed partial class WriteBehindQueue
{
    /// <summary>
    /// The dead-lettered writes, oldest first: <c>SELECT … WHERE dead_at IS NOT NULL ORDER BY id LIMIT $1</c>. Later
    /// writes to the same key wait behind each one, so the key's order is kept.
    /// </summary>
    public async Task<IReadOnlyList<WriteBehindDeadLetter>> DeadLettersAsync(int limit = 100, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var rows = await OnSessionAsync(session => session.QueryAsync<WriteBehindRow>(
            $"SELECT {Columns(_time.GetUtcNow())} FROM {Table} WHERE dead_at IS NOT NULL ORDER BY id LIMIT {limit}", cancellationToken), cancellationToken).ConfigureAwait(false);
        var letters = new List<WriteBehindDeadLetter>(rows.Count);
        foreach (var row in rows)
            letters.Add(new WriteBehindDeadLetter(row.Id, row.Target, row.Key, row.Kind, row.Payload, row.Attempts, row.LastError, row.EnqueuedAt, row.DeadAt!.Value));
        return letters;
    }

    /// <summary>
    /// Puts a dead-lettered write back in the queue with its attempts reset (after fixing what made it fail); returns
    /// false when <paramref name="id"/> is not a dead letter. Its last error stays for the record.
    /// </summary>
    public async Task<bool> RedriveAsync(long id, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        var changed = await OnSessionAsync(session => session.ExecuteAsync(
            $"UPDATE {Table} SET dead_at = NULL, attempts = 0, available_at = {now} WHERE id = {id} AND dead_at IS NOT NULL", cancellationToken), cancellationToken).ConfigureAwait(false);
        return changed == 1;
    }

    /// <summary>Re-drives every dead letter (of <paramref name="target"/> only, when given); returns how many.</summary>
    public Task<int> RedriveAllAsync(string? target = null, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        return OnSessionAsync(session => session.ExecuteAsync(
            $"UPDATE {Table} SET dead_at = NULL, attempts = 0, available_at = {now} WHERE dead_at IS NOT NULL AND ({target}::text IS NULL OR target = {target})", cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Deletes a dead-lettered write for good (it is never applied; readers see the target table again, and later
    /// writes to the key go ahead). Returns false when <paramref name="id"/> is not a dead letter. The cache key is removed.
    /// </summary>
    public async Task<bool> DiscardAsync(long id, CancellationToken cancellationToken = default)
    {
        var discarded = await OnSessionAsync(session => session.QueryAsync<WriteBehindRow>(
            $"DELETE FROM {Table} WHERE id = {id} AND dead_at IS NOT NULL RETURNING {Columns(_time.GetUtcNow())}", cancellationToken), cancellationToken).ConfigureAwait(false);
        if (discarded.Count == 0)
            return false;
        if (Options.Cache is { } cache)
            await cache.RemoveAsync(Options.CacheKey(discarded[0].Target, discarded[0].Key), cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>The columns every read of the queue selects, in <see cref="WriteBehindRow"/>'s shape; <c>ready</c> as of <paramref name="now"/>.</summary>
    internal static Sql Columns(DateTimeOffset now)
        => $"id, target, key, operation, payload::text AS payload, attempts, enqueued_at, last_error, dead_at, (dead_at IS NULL AND available_at <= {now}) AS ready";

    private async Task<TResult> OnSessionAsync<TResult>(Func<KeelSession, Task<TResult>> work, CancellationToken cancellationToken)
    {
        var session = await _keel.OpenSessionAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
            return await work(session).ConfigureAwait(false);
    }
}
