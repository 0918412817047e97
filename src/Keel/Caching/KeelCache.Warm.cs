using System.Text.Json.Serialization.Metadata;

namespace Keel;

/// <summary>Warming: preloading values before anyone asks for them (e.g. the 100 most popular users at start-up).</summary>
public sealed partial class KeelCache
{
    /// <summary>
    /// Stores each value under its key in L2 (and in this node's L1 when <paramref name="includeL1"/>), and tells other
    /// nodes to drop older copies. Returns how many were stored; values over the payload limit are skipped and logged.
    /// </summary>
    public Task<int> WarmAsync<T>(IEnumerable<KeyValuePair<string, T>> entries, CacheEntryOptions? options = null, bool includeL1 = false, CancellationToken cancellationToken = default)
        => WarmAsync(entries, TypeInfo<T>(), options, includeL1, cancellationToken);

    /// <summary>Warms with values serialized by <paramref name="typeInfo"/>. See the other overload.</summary>
    public async Task<int> WarmAsync<T>(IEnumerable<KeyValuePair<string, T>> entries, JsonTypeInfo<T> typeInfo, CacheEntryOptions? options = null, bool includeL1 = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(typeInfo);
        options = Checked(options);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var batch = entries.ToList();
        foreach (var (key, _) in batch)
            CacheKeys.Validate(key, nameof(entries));
        var stored = 0;
        var now = _time.GetUtcNow();
        foreach (var (key, value) in batch)
        {
            var fullKey = _prefix + key;
            var (entry, bytes) = Prepare(fullKey, value, typeInfo, now, options);
            if (bytes is null)
            {
                KeelLog.CachePayloadTooLarge(_logger, fullKey, entry.Size, Options.MaxPayloadBytes);
                continue;
            }

            await StoreAsync(fullKey, entry, bytes, options, flight: null, cancellationToken).ConfigureAwait(false);
            if (!includeL1 && _l2 is not null)
                _l1.Remove(fullKey);
            stored++;
        }

        return stored;
    }

    /// <summary>
    /// Loads the values for <paramref name="keys"/> with one call of <paramref name="loader"/> (keys it returns no value
    /// for are skipped) and stores them as <see cref="WarmAsync{T}(IEnumerable{KeyValuePair{string, T}}, CacheEntryOptions?, bool, CancellationToken)"/> does.
    /// </summary>
    public async Task<int> WarmAsync<T>(
        IReadOnlyCollection<string> keys, Func<IReadOnlyCollection<string>, CancellationToken, Task<IReadOnlyDictionary<string, T>>> loader,
        CacheEntryOptions? options = null, bool includeL1 = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(loader);
        foreach (var key in keys)
            CacheKeys.Validate(key, nameof(keys));
        if (keys.Count == 0)
            return 0;
        var values = await loader(keys, cancellationToken).ConfigureAwait(false);
        return await WarmAsync(values, options, includeL1, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs <paramref name="query"/> (e.g. the most popular users) and stores each row under <paramref name="keyOf"/>(row).
    /// </summary>
    public async Task<int> WarmAsync<T>(
        Func<CancellationToken, Task<IReadOnlyList<T>>> query, Func<T, string> keyOf,
        CacheEntryOptions? options = null, bool includeL1 = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(keyOf);
        var rows = await query(cancellationToken).ConfigureAwait(false);
        var entries = new List<KeyValuePair<string, T>>(rows.Count);
        foreach (var row in rows)
            entries.Add(new KeyValuePair<string, T>(keyOf(row), row));
        return await WarmAsync(entries, options, includeL1, cancellationToken).ConfigureAwait(false);
    }
}
