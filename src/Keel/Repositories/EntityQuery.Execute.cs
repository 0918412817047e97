namespace Keel;

/// <summary>Set-based writes over the rows a query matches: one statement, no rows read first.</summary>
public partial class EntityQuery<T, TId>
{
    /// <summary>
    /// Updates every matching (live) row in one statement and returns how many changed:
    /// <c>Query().Where(a =&gt; a.Balance &lt; 0).ExecuteUpdateAsync(s =&gt; s.Set(a =&gt; a.Frozen, true))</c> sends
    /// <c>UPDATE t SET "frozen" = $1, updated_at = now() WHERE ...</c>. Ordering and paging do not apply.
    /// </summary>
    public Task<int> ExecuteUpdateAsync(Action<EntityUpdate<T>> set, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(set);
        var update = new EntityUpdate<T>(Map.Target);
        set(update);
        var sql = Map.UpdateWhere(update.Build(), Conditions(withCursor: false));
        return _repository.RunAsync((executor, ct) => _repository.UpdateRowsAsync(executor, sql, ct), cancellationToken);
    }

    /// <summary>
    /// Deletes every matching (live) row in one statement (marks them, for a soft-deleting entity) and returns how
    /// many. <c>DELETE FROM t WHERE ...</c>. Ordering and paging do not apply.
    /// </summary>
    public Task<int> ExecuteDeleteAsync(CancellationToken cancellationToken = default)
    {
        var sql = _repository.DeleteStatement(Conditions(withCursor: false) ?? Sql.Raw("true"));
        return _repository.RunAsync((executor, ct) => _repository.DeleteRowsAsync(executor, sql, ct), cancellationToken);
    }
}
