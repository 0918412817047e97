using System.Text.Json;
using System.Text.Json.Nodes;

namespace Keel;

/// <summary>Keyset pages: the ordering columns plus the key, encoded into an opaque cursor after the last item.</summary>
public partial class EntityQuery<T, TId>
{
    /// <summary>
    /// One page of <paramref name="size"/> items in keyset order (the ordering plus the key as tie-breaker) and the
    /// cursor of the next page (null on the last page). Columns used for ordering must not be null.
    /// </summary>
    /// <exception cref="InvalidOperationException">The ordering uses a <see cref="SensitiveAttribute"/> column, whose values a cursor would expose.</exception>
    public async Task<Page<T>> ToPageAsync(int size, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        if (SortKeys().FirstOrDefault(k => k.Column.IsSensitive).Column is { } sensitive)
            throw new InvalidOperationException($"{typeof(T).Name}.{sensitive.Property.Name} is sensitive: a cursor would carry its value. Page by another column.");
        var rows = await ReadAsync(size + 1, cancellationToken).ConfigureAwait(false);
        if (rows.Count <= size)
            return new Page<T>(rows, null);
        var items = rows.Take(size).ToList();
        return new Page<T>(items, CursorAfter(items[^1]));
    }

    /// <summary>The page after <paramref name="cursor"/> (the first page when it is null): <c>After(cursor).ToPageAsync(size)</c>.</summary>
    public Task<Page<T>> ToPageAsync(int size, string? cursor, CancellationToken cancellationToken = default)
        => After(cursor).ToPageAsync(size, cancellationToken);

    /// <summary>The ORDER BY columns: the ordering asked for, then the key columns not already in it.</summary>
    private List<(EntityColumn Column, bool Descending)> SortKeys()
    {
        var keys = new List<(EntityColumn Column, bool Descending)>(_state.Order);
        foreach (var key in Map.Keys)
        {
            if (!keys.Exists(k => ReferenceEquals(k.Column, key)))
                keys.Add((key, false));
        }

        return keys;
    }

    private string CursorAfter(T last)
    {
        var values = new JsonArray();
        foreach (var (column, _) in SortKeys())
            values.Add(JsonSerializer.SerializeToNode(Map.PropertyValue(column, last), Map.Json.GetTypeInfo(column.Type)));
        return KeysetCursor.Encode(values);
    }

    private Sql KeysetPredicate(string cursor)
    {
        var sortKeys = SortKeys();
        var values = KeysetCursor.Decode(cursor, sortKeys.Count);
        var keys = new List<(Sql Read, Sql Value, bool Descending)>(sortKeys.Count);
        for (var i = 0; i < sortKeys.Count; i++)
        {
            var (column, descending) = sortKeys[i];
            var value = values[i].Deserialize(Map.Json.GetTypeInfo(column.Type));
            keys.Add((Sql.Raw(column.Quoted), Sql.Parameter(column.ToStore(value)), descending));
        }

        return KeysetCursor.Predicate(keys);
    }
}
