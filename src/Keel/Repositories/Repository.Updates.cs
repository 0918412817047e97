using System.Linq.Expressions;

namespace Keel;

/// <summary>Atomic and set-based updates and deletes: one statement, no read-modify-write.</summary>
public partial class Repository<T, TId>
{
    /// <summary>
    /// Changes columns of one (live) row in place and returns the row as stored:
    /// <c>UpdateAsync(id, s =&gt; s.Increment(a =&gt; a.Balance, -100).Set(a =&gt; a.Name, "x"))</c> sends
    /// <c>UPDATE t SET "balance" = "balance" + $1, "name" = $2, updated_at = now(), version = version + 1 WHERE "id" = $3 RETURNING cols</c>.
    /// </summary>
    /// <exception cref="EntityNotFoundException">No such (live) row; nothing was written.</exception>
    public Task<T> UpdateAsync(TId id, Action<EntityUpdate<T>> set, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(set);
        var update = new EntityUpdate<T>(Map.Target);
        set(update);
        var sql = Map.UpdateReturning(update.Build(), $"{KeyPredicate(id)}{TenantFilter()}{_liveFilter}");
        return RunAsync(async (executor, ct) => await executor.QuerySingleRowAsync(sql, default, Map.Choose, ct).ConfigureAwait(false)
            ?? throw new EntityNotFoundException(typeof(T), id), cancellationToken);
    }

    /// <summary>Updates every (live) row matching <paramref name="predicate"/> in one statement; returns how many changed.</summary>
    public Task<int> ExecuteUpdateAsync(Expression<Func<T, bool>> predicate, Action<EntityUpdate<T>> set, CancellationToken cancellationToken = default)
        => Query().Where(predicate).ExecuteUpdateAsync(set, cancellationToken);

    /// <summary>Deletes (or, soft-deleting, marks) every (live) row matching <paramref name="predicate"/>; returns how many.</summary>
    public Task<int> ExecuteDeleteAsync(Expression<Func<T, bool>> predicate, CancellationToken cancellationToken = default)
        => Query().Where(predicate).ExecuteDeleteAsync(cancellationToken);
}
