using System.Linq.Expressions;

namespace Keel;

/// <summary>Finding entities by key, counting, existence.</summary>
public partial class Repository<T, TId>
{
    /// <summary>The (live) entity with this key, or null. <c>SELECT cols FROM t WHERE "id" = $1 [AND "deleted_at" IS NULL]</c>.</summary>
    public Task<T?> FindAsync(TId id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        Sql sql;
        if (_singleKey is { Kind: ColumnKind.Plain } && Map.Tenant is null)
        {
            // Laid out by hand: the statement is the prefix, one typed parameter and the live filter, nothing to parse.
            var live = Map.LiveFilter;
            sql = live.Length == 0
                ? Sql.FromParts([new SqlPart(_findPrefix.Text, null), new SqlPart(null, new SqlValue<TId>(id))])
                : Sql.FromParts([new SqlPart(_findPrefix.Text, null), new SqlPart(null, new SqlValue<TId>(id)), new SqlPart(live, null)]);
        }
        else
        {
            sql = $"{_selectWhere}{KeyPredicate(id)}{TenantFilter()}{_liveFilter}";
        }
        // The hot path: a bound repository reads straight from its executor, without a closure or a second state machine.
        return Executor is not null
            ? Executor.QuerySingleRowAsync(sql, default, Map.Choose, cancellationToken)
            : RunAsync((executor, ct) => executor.QuerySingleRowAsync(sql, default, Map.Choose, ct), cancellationToken);
    }

    /// <summary>
    /// The (live) entities with these keys in one query (<c>WHERE "id" = ANY($1)</c>; a composite key matches
    /// <c>(a, b) IN (SELECT * FROM unnest($1, $2))</c>), in the order asked for. Missing keys are absent; a repeated key
    /// appears once per request.
    /// </summary>
    public Task<IReadOnlyList<T>> FindManyAsync(IEnumerable<TId> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var requested = ids.ToArray();
        if (requested.Length == 0)
            return Task.FromResult<IReadOnlyList<T>>([]);
        Sql select = $"{_selectWhere}{AnyKey(requested)}{TenantFilter()}{_liveFilter}";
        return RunAsync(async (executor, ct) =>
        {
            var rows = await executor.QueryRowsAsync(select, default, Map.Choose, ct).ConfigureAwait(false);
            var byKey = new Dictionary<TId, T>(rows.Count);
            foreach (var row in rows)
                byKey[KeyOf(row)] = row;
            return RequestedOrder.Arrange(requested, byKey);
        }, cancellationToken);
    }

    /// <summary>True when a (live) entity with this key exists.</summary>
    public Task<bool> ExistsAsync(TId id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        Sql sql = $"SELECT EXISTS (SELECT 1 FROM {Table} WHERE {KeyPredicate(id)}{TenantFilter()}{_liveFilter})";
        return RunAsync((executor, ct) => executor.ScalarAsync<bool>(sql, ct), cancellationToken);
    }

    /// <summary>True when a (live) entity matches the predicate.</summary>
    public Task<bool> ExistsAsync(Expression<Func<T, bool>> predicate, CancellationToken cancellationToken = default)
        => Query().Where(predicate).AnyAsync(cancellationToken);

    /// <summary>How many (live) entities there are.</summary>
    public Task<long> CountAsync(CancellationToken cancellationToken = default) => Query().CountAsync(cancellationToken);

    /// <summary>How many (live) entities match the predicate.</summary>
    public Task<long> CountAsync(Expression<Func<T, bool>> predicate, CancellationToken cancellationToken = default)
        => Query().Where(predicate).CountAsync(cancellationToken);

    /// <summary><c>"id" = ANY($1)</c> with one typed array, or a composite key against unnest of one array per key column.</summary>
    private Sql AnyKey(TId[] ids)
    {
        if (_singleKey is { Kind: ColumnKind.Plain })
            return $"{Sql.Raw(_singleKey.Quoted)} = ANY({ids})";
        var arrays = new List<Sql>(Map.Keys.Count);
        for (var k = 0; k < Map.Keys.Count; k++)
        {
            var column = Map.Keys[k];
            var array = Array.CreateInstance(Nullable.GetUnderlyingType(column.StoreType) ?? column.StoreType, ids.Length);
            for (var i = 0; i < ids.Length; i++)
                array.SetValue(column.ToStore(KeyValues(ids[i])[k]), i);
            arrays.Add(Sql.Parameter(array));
        }

        var columns = string.Join(", ", Map.Keys.Select(k => k.Quoted));
        return $"({Sql.Raw(columns)}) IN (SELECT * FROM unnest({Sql.Join(", ", arrays)}))";
    }
}
