using System.Linq.Expressions;

namespace Keel;

/// <summary>
/// Writes through the view: the repository's write, then the cache change — the row's key, its row tag and the table
/// tag for a write of one row; the table tag and every cached row of the table for a set-based write. A write that
/// fails (or changes nothing) leaves the cache alone.
/// </summary>
public sealed partial class CachedRepository<T, TId>
{
    /// <summary>Inserts the entity (see <see cref="Repository{T, TId}.InsertAsync"/>), then updates the cache; returns the row as stored.</summary>
    public Task<T> InsertAsync(T entity, CancellationToken cancellationToken = default)
        => AfterWriteAsync(Repository.InsertAsync(entity, cancellationToken), cancellationToken);

    /// <summary>Writes a loaded entity (at its version, if versioned; see <see cref="Repository{T, TId}.UpdateAsync(T, CancellationToken)"/>), then updates the cache.</summary>
    public Task<T> UpdateAsync(T entity, CancellationToken cancellationToken = default)
        => AfterWriteAsync(Repository.UpdateAsync(entity, cancellationToken), cancellationToken);

    /// <summary>
    /// Changes columns of one row in place (<c>UpdateAsync(id, s =&gt; s.Increment(p =&gt; p.Stock, -1))</c>; see
    /// <see cref="Repository{T, TId}.UpdateAsync(TId, Action{EntityUpdate{T}}, CancellationToken)"/>), then updates the cache with the row as stored.
    /// </summary>
    public Task<T> UpdateAsync(TId id, Action<EntityUpdate<T>> set, CancellationToken cancellationToken = default)
        => AfterWriteAsync(Repository.UpdateAsync(id, set, cancellationToken), cancellationToken);

    /// <summary>Inserts, or on a clash of the primary key updates (see <see cref="Repository{T, TId}.UpsertAsync(T, CancellationToken)"/>), then updates the cache.</summary>
    public Task<T> UpsertAsync(T entity, CancellationToken cancellationToken = default)
        => AfterWriteAsync(Repository.UpsertAsync(entity, cancellationToken), cancellationToken);

    /// <summary>Inserts, or on a clash of the unique columns chosen updates (<c>UpsertAsync(user, u =&gt; u.Email)</c>), then updates the cache.</summary>
    public Task<T> UpsertAsync<TKey>(T entity, Expression<Func<T, TKey>> uniqueColumns, CancellationToken cancellationToken = default)
        => AfterWriteAsync(Repository.UpsertAsync(entity, uniqueColumns, cancellationToken), cancellationToken);

    /// <summary>Deletes (or, soft-deleting, marks) the row with this key, then drops it from the cache. Returns false when there was nothing to delete.</summary>
    public Task<bool> DeleteAsync(TId id, CancellationToken cancellationToken = default)
        => AfterDeleteAsync(id, Repository.DeleteAsync(id, cancellationToken), cancellationToken);

    /// <summary>Deletes a loaded entity (at its version, if versioned), then drops it from the cache.</summary>
    public Task<bool> DeleteAsync(T entity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return AfterDeleteAsync(Repository.KeyOf(entity), Repository.DeleteAsync(entity, cancellationToken), cancellationToken);
    }

    /// <summary>Removes the row for good, soft delete or not, then drops it from the cache.</summary>
    public Task<bool> HardDeleteAsync(TId id, CancellationToken cancellationToken = default)
        => AfterDeleteAsync(id, Repository.HardDeleteAsync(id, cancellationToken), cancellationToken);

    /// <summary>Brings back a soft-deleted row, then drops its key (a cached "none" included).</summary>
    public Task<bool> RestoreAsync(TId id, CancellationToken cancellationToken = default)
        => AfterDeleteAsync(id, Repository.RestoreAsync(id, cancellationToken), cancellationToken);

    /// <summary>
    /// Updates every (live) row matching <paramref name="predicate"/> in one statement, then drops every cached row
    /// and named query of the table (the statement does not say which rows it changed). Returns how many changed.
    /// </summary>
    public Task<int> ExecuteUpdateAsync(Expression<Func<T, bool>> predicate, Action<EntityUpdate<T>> set, CancellationToken cancellationToken = default)
        => AfterTableWriteAsync(Repository.ExecuteUpdateAsync(predicate, set, cancellationToken), cancellationToken);

    /// <summary>Deletes (or marks) every (live) row matching <paramref name="predicate"/>, then drops every cached row and named query of the table.</summary>
    public Task<int> ExecuteDeleteAsync(Expression<Func<T, bool>> predicate, CancellationToken cancellationToken = default)
        => AfterTableWriteAsync(Repository.ExecuteDeleteAsync(predicate, cancellationToken), cancellationToken);
}
