namespace Keel;

/// <summary>Adds <c>keel.Loader&lt;TKey, T&gt;(…)</c> to a data source: batched, cached loads by key.</summary>
public static class DataLoaderExtensions
{
    extension(KeelDataSource keel)
    {
        /// <summary>
        /// A loader whose batch function returns the values by key. Keys it leaves out load as <c>default</c>.
        /// <paramref name="cancellationToken"/> is the loader's lifetime (e.g. the request's): it is passed to every batch.
        /// </summary>
        /// <example><code>
        /// var authors = keel.Loader&lt;int, Author&gt;(async (ids, ct) =&gt;
        ///     (await session.QueryAsync&lt;Author&gt;($"SELECT id, name FROM authors WHERE id = ANY({ids})", ct)).ToDictionary(a =&gt; a.Id));
        /// </code></example>
        public DataLoader<TKey, T> Loader<TKey, T>(
            Func<IReadOnlyList<TKey>, CancellationToken, Task<IReadOnlyDictionary<TKey, T>>> batchFetch,
            DataLoaderOptions? options = null,
            CancellationToken cancellationToken = default)
            where TKey : notnull
        {
            ArgumentNullException.ThrowIfNull(keel);
            return new DataLoader<TKey, T>(batchFetch, options, cancellationToken);
        }

        /// <summary>
        /// A loader whose batch function returns rows in any order; <paramref name="keySelector"/> reads each row's key.
        /// Two rows with the same key fail the batch with <see cref="KeelException"/>.
        /// </summary>
        /// <example><code>
        /// var authors = keel.Loader&lt;int, Author&gt;(
        ///     (ids, ct) =&gt; session.QueryAsync&lt;Author&gt;($"SELECT id, name FROM authors WHERE id = ANY({ids})", ct), a =&gt; a.Id);
        /// var author = await authors.LoadAsync(post.AuthorId, ct);
        /// </code></example>
        public DataLoader<TKey, T> Loader<TKey, T>(
            Func<IReadOnlyList<TKey>, CancellationToken, Task<IReadOnlyList<T>>> batchFetch,
            Func<T, TKey> keySelector,
            DataLoaderOptions? options = null,
            CancellationToken cancellationToken = default)
            where TKey : notnull
        {
            ArgumentNullException.ThrowIfNull(keel);
            ArgumentNullException.ThrowIfNull(batchFetch);
            ArgumentNullException.ThrowIfNull(keySelector);
            return new DataLoader<TKey, T>(
                async (keys, ct) => ByKey(await batchFetch(keys, ct).ConfigureAwait(false), keySelector), options, cancellationToken);
        }
    }

    private static Dictionary<TKey, T> ByKey<TKey, T>(IReadOnlyList<T> rows, Func<T, TKey> keySelector)
        where TKey : notnull
    {
        if (rows is null)
            throw new KeelException($"The batch function of the {typeof(T).Name} loader returned null; return an empty list when nothing matches.");
        var byKey = new Dictionary<TKey, T>(rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            if (!byKey.TryAdd(keySelector(row), row))
            {
                throw new KeelException(
                    $"The batch function of the {typeof(T).Name} loader returned two rows for key '{keySelector(row)}'; a loader gives one value " +
                    "per key, so select one row per key (or load a list per key with a dictionary of lists).");
            }
        }

        return byKey;
    }
}
