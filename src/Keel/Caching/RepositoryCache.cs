using System.Text.Json.Serialization.Metadata;

namespace Keel;

/// <summary>
/// What the cached repository views (documents and relational) share: reading a row by key through the cache,
/// named queries tagged with the table, and the cache changes after a write — after commit when the repository is
/// bound to a transaction, at once otherwise. The views pass their table tag and executor per call, since both
/// depend on how the view is bound.
/// </summary>
/// <param name="cache">The cache.</param>
/// <param name="options">The view's settings.</param>
/// <param name="typeInfo">How rows are serialized.</param>
/// <param name="tagRows">
/// Rows carry their table's rows tag, so a set-based write (which cannot name the rows it changed) drops them all.
/// Off for a view without set-based writes: an untagged L1 hit is the cache's fastest path.
/// </param>
internal sealed class RepositoryCache<T, TId>(KeelCache cache, CachedRepositoryOptions options, JsonTypeInfo<T> typeInfo, bool tagRows)
    where T : class
    where TId : notnull
{
    public KeelCache Cache { get; } = cache;

    public CachedRepositoryOptions Options { get; } = options;

    public JsonTypeInfo<T> TypeInfo { get; } = typeInfo;

    /// <summary>
    /// True when <paramref name="executor"/> is inside a transaction: reads then go to the database (the transaction
    /// may see its own uncommitted writes, which must never reach the cache) and cache changes wait for the commit.
    /// </summary>
    public static bool InTransaction(SqlExecutor? executor) => executor switch
    {
        KeelTransaction => true,
        KeelSession session => session.CurrentTransaction is not null,
        _ => false,
    };

    /// <summary>The row with this id through the cache; null ("none") is cached like any value.</summary>
    public async Task<T?> LoadAsync(SqlExecutor? executor, string tableTag, TId id, Func<CancellationToken, Task<T?>> load, CancellationToken cancellationToken)
    {
        if (InTransaction(executor))
            return await load(cancellationToken).ConfigureAwait(false);
        return await Cache.GetOrSetAsync(RepositoryCacheKeys.Row(tableTag, id), async ct => (await load(ct).ConfigureAwait(false))!, TypeInfo, RowOptions(tableTag), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The rows with these ids: hits from the cache key by key, the misses in one query. Each miss's cache load starts
    /// before that query runs, so a write committed meanwhile (which removes the key) keeps the older row out of the cache.
    /// </summary>
    public async Task<IReadOnlyList<T>> LoadManyAsync(
        SqlExecutor? executor, string tableTag, IEnumerable<TId> ids, Func<IReadOnlyList<TId>, CancellationToken, Task<IReadOnlyList<T>>> loadMany,
        Func<T, TId> keyOf, Func<TId, CancellationToken, Task<T?>> load, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var requested = ids.ToArray();
        if (requested.Length == 0 || InTransaction(executor))
            return await loadMany(requested, cancellationToken).ConfigureAwait(false);
        var distinct = new List<TId>(requested.Length);
        var seen = new HashSet<TId>(requested.Length);
        foreach (var id in requested)
        {
            ArgumentNullException.ThrowIfNull(id, nameof(ids));
            if (seen.Add(id))
                distinct.Add(id);
        }

        // The lookups run together, so L2 round trips overlap instead of adding up.
        var lookups = new Task<CacheResult<T>>[distinct.Count];
        for (var i = 0; i < lookups.Length; i++)
            lookups[i] = Cache.TryGetAsync(RepositoryCacheKeys.Row(tableTag, distinct[i]), TypeInfo, cancellationToken).AsTask();
        var rows = new Dictionary<TId, T?>(distinct.Count);
        var misses = new List<TId>();
        for (var i = 0; i < lookups.Length; i++)
        {
            var hit = await lookups[i].ConfigureAwait(false);
            if (hit.Found)
                rows[distinct[i]] = hit.Value;
            else
                misses.Add(distinct[i]);
        }

        if (misses.Count > 0)
            await LoadMissesAsync(tableTag, misses, rows, loadMany, keyOf, load, cancellationToken).ConfigureAwait(false);
        var result = new List<T>(requested.Length);
        foreach (var id in requested)
        {
            if (rows[id] is { } row)
                result.Add(row);
        }

        return result;
    }

    private async Task LoadMissesAsync(
        string tableTag, List<TId> misses, Dictionary<TId, T?> rows, Func<IReadOnlyList<TId>, CancellationToken, Task<IReadOnlyList<T>>> loadMany,
        Func<T, TId> keyOf, Func<TId, CancellationToken, Task<T?>> load, CancellationToken cancellationToken)
    {
        var batch = new TaskCompletionSource<Dictionary<TId, T>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var claimed = new int[misses.Count];
        var options = RowOptions(tableTag);
        var loads = new Task<T>[misses.Count];
        for (var i = 0; i < misses.Count; i++)
        {
            var index = i;
            var id = misses[i];
            loads[i] = Cache.GetOrSetAsync(RepositoryCacheKeys.Row(tableTag, id), async ct =>
            {
                // The shared query serves each key's first load; a later one (a refresh ahead) must read afresh.
                if (Interlocked.Exchange(ref claimed[index], 1) == 0)
                    return (await batch.Task.WaitAsync(ct).ConfigureAwait(false)).GetValueOrDefault(id)!;
                return (await load(id, ct).ConfigureAwait(false))!;
            }, TypeInfo, options, cancellationToken).AsTask();
        }

        try
        {
            var found = await loadMany(misses, cancellationToken).ConfigureAwait(false);
            var byId = new Dictionary<TId, T>(found.Count);
            foreach (var row in found)
                byId[keyOf(row)] = row;
            batch.SetResult(byId);
        }
        catch (Exception e)
        {
            // Each waiting load fails with it (or, with fail-safe, serves its stale value).
            batch.SetException(e);
        }

        for (var i = 0; i < misses.Count; i++)
            rows[misses[i]] = await loads[i].ConfigureAwait(false);
    }

    /// <summary>A named query's result, cached under the name and arguments and tagged with the table.</summary>
    public Task<TResult> QueryAsync<TResult>(SqlExecutor? executor, string tableTag, string name, IReadOnlyList<object?> arguments, Func<CancellationToken, Task<TResult>> query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(query);
        if (InTransaction(executor))
            return query(cancellationToken);
        var options = Options.Query with { Tags = [.. Options.Query.Tags, tableTag] };
        return Cache.GetOrSetAsync(RepositoryCacheKeys.Query(tableTag, name, arguments), query, options, cancellationToken).AsTask();
    }

    /// <summary>
    /// After a write of one row: drops the table tag (named queries), the row tag and the key — or stores
    /// <paramref name="written"/> under the key with write-through.
    /// </summary>
    public Task AfterWriteAsync(SqlExecutor? executor, string tableTag, TId id, T? written, CancellationToken cancellationToken)
    {
        var key = RepositoryCacheKeys.Row(tableTag, id);
        var rowTag = RepositoryCacheKeys.RowTag(tableTag, id);
        var cache = Cache;
        var typeInfo = TypeInfo;
        var rowOptions = RowOptions(tableTag);
        var writeThrough = Options.WriteThrough && written is not null;
        return KeelCache.NowOrAfterCommitAsync(executor, async ct =>
        {
            await cache.RemoveByTagAsync(tableTag, ct).ConfigureAwait(false);
            await cache.RemoveByTagAsync(rowTag, ct).ConfigureAwait(false);
            if (writeThrough)
                await cache.SetAsync(key, written!, typeInfo, rowOptions, ct).ConfigureAwait(false);
            else
                await cache.RemoveAsync(key, ct).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <summary>After a set-based write, which cannot name the rows it changed: drops the table tag and every cached row of the table.</summary>
    public Task AfterTableWriteAsync(SqlExecutor? executor, string tableTag, CancellationToken cancellationToken)
    {
        var cache = Cache;
        var rowsTag = RepositoryCacheKeys.Rows(tableTag);
        return KeelCache.NowOrAfterCommitAsync(executor, async ct =>
        {
            await cache.RemoveByTagAsync(tableTag, ct).ConfigureAwait(false);
            await cache.RemoveByTagAsync(rowsTag, ct).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <summary>Preloads rows into L2 (and L1 on request) under their keys.</summary>
    public Task<int> WarmAsync(string tableTag, IReadOnlyList<T> rows, Func<T, TId> keyOf, bool includeL1, CancellationToken cancellationToken)
    {
        var entries = new List<KeyValuePair<string, T>>(rows.Count);
        foreach (var row in rows)
            entries.Add(new KeyValuePair<string, T>(RepositoryCacheKeys.Row(tableTag, keyOf(row)), row));
        return Cache.WarmAsync(entries, TypeInfo, RowOptions(tableTag), includeL1, cancellationToken);
    }

    /// <summary>How a row is cached: the view's load options, plus the table's rows tag when rows are tagged.</summary>
    public CacheEntryOptions RowOptions(string tableTag)
        => tagRows ? Options.Load with { Tags = [.. Options.Load.Tags, RepositoryCacheKeys.Rows(tableTag)] } : Options.Load;
}
