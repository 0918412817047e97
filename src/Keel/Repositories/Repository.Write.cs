using System.Linq.Expressions;

namespace Keel;

/// <summary>Inserting, updating, upserting, deleting and restoring entities.</summary>
public partial class Repository<T, TId>
{
    /// <summary>
    /// Inserts the entity and returns the row as stored, with generated keys, server defaults, the version and the
    /// timestamps filled in (the argument is not changed). An empty Guid key gets a version-7 id.
    /// <c>INSERT INTO t AS t (...) VALUES ($1, ...) RETURNING cols</c>.
    /// </summary>
    /// <exception cref="UniqueViolationException">A unique key (or the primary key) is taken; nothing was written.</exception>
    /// <exception cref="CheckViolationException">A check constraint refused a value; nothing was written.</exception>
    /// <exception cref="ForeignKeyViolationException">A referenced row does not exist; nothing was written.</exception>
    public Task<T> InsertAsync(T entity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var sql = Map.Insert(entity);
        return Executor is not null ? WriteOnAsync(Executor, sql, cancellationToken) : RunAsync((executor, ct) => WriteOnAsync(executor, sql, ct), cancellationToken);
    }

    /// <summary>
    /// Writes every data column of a loaded entity and returns the row as stored. With a <see cref="VersionAttribute"/>
    /// column, only if the row is still at the entity's version (which then goes up by one).
    /// <c>UPDATE t SET a = $1, ..., updated_at = now(), version = version + 1 WHERE id = $n AND version = $m RETURNING cols</c>.
    /// </summary>
    /// <exception cref="ConcurrencyException">The row is at another version than the entity; nothing was written.</exception>
    /// <exception cref="EntityNotFoundException">No such (live) row; nothing was written.</exception>
    public Task<T> UpdateAsync(T entity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var sql = Map.Update(entity);
        return RunAsync(async (executor, ct) =>
        {
            var row = await executor.QuerySingleRowAsync(sql, default, Map.Choose, ct).ConfigureAwait(false);
            return row ?? await ThrowStaleOrMissingAsync(executor, entity, ct).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <summary>
    /// Inserts, or on a clash of the primary key updates the data columns (last writer wins; a soft-deleted row comes
    /// back). <c>INSERT ... ON CONFLICT (id) DO UPDATE SET a = EXCLUDED.a, ... RETURNING cols</c>.
    /// </summary>
    public Task<T> UpsertAsync(T entity, CancellationToken cancellationToken = default)
        => UpsertOnAsync(entity, "(" + string.Join(", ", Map.Keys.Select(k => k.Quoted)) + ")", cancellationToken);

    /// <summary>Inserts, or on a clash of the named unique constraint updates: <c>ON CONFLICT ON CONSTRAINT users_email_key DO UPDATE ...</c>.</summary>
    public Task<T> UpsertAsync(T entity, string uniqueConstraint, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(uniqueConstraint);
        return UpsertOnAsync(entity, "ON CONSTRAINT " + SqlIdentifiers.Quote(uniqueConstraint), cancellationToken);
    }

    /// <summary>Inserts, or on a clash of the unique columns chosen updates: <c>UpsertAsync(user, u =&gt; u.Email)</c> sends <c>ON CONFLICT ("email") ...</c>.</summary>
    public Task<T> UpsertAsync<TKey>(T entity, Expression<Func<T, TKey>> uniqueColumns, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(uniqueColumns);
        var columns = ExpressionTranslator.Projection(uniqueColumns).Select(m => Map.Target.Column(m.Path).Quoted);
        return UpsertOnAsync(entity, "(" + string.Join(", ", columns) + ")", cancellationToken);
    }

    /// <summary>
    /// Deletes the entity with this key (with a soft-delete column: marks it deleted). Returns false when there was
    /// nothing to delete. <c>DELETE FROM t WHERE id = $1</c> or <c>UPDATE t SET deleted_at = now() ... WHERE id = $1 AND deleted_at IS NULL</c>.
    /// </summary>
    public Task<bool> DeleteAsync(TId id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        var sql = DeleteStatement(KeyPredicate(id));
        return RunAsync(async (executor, ct) => await executor.ExecuteAsync(sql, ct).ConfigureAwait(false) == 1, cancellationToken);
    }

    /// <summary>Deletes a loaded entity; with a version column, only while the row is still at the entity's version.</summary>
    /// <exception cref="ConcurrencyException">The row is at another version; nothing was deleted.</exception>
    public Task<bool> DeleteAsync(T entity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var id = KeyOf(entity);
        if (Map.Version is not { } version)
            return DeleteAsync(id, cancellationToken);
        var sql = DeleteStatement($"{KeyPredicate(id)} AND {Sql.Raw(version.Quoted)} = {Map.Parameter(version, entity)}");
        return RunAsync(async (executor, ct) =>
        {
            if (await executor.ExecuteAsync(sql, ct).ConfigureAwait(false) == 1)
                return true;
            var actual = await executor.ScalarAsync<int?>($"SELECT {Sql.Raw(version.Quoted)} FROM {Table} WHERE {KeyPredicate(id)}{_liveFilter}", ct).ConfigureAwait(false);
            return actual is null ? false : throw new ConcurrencyException(typeof(T), id, (int)Map.PropertyValue(version, entity)!, actual);
        }, cancellationToken);
    }

    /// <summary>Removes the row for good, soft delete or not. <c>DELETE FROM t WHERE id = $1</c>.</summary>
    public Task<bool> HardDeleteAsync(TId id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        return RunAsync(async (executor, ct) => await executor.ExecuteAsync($"DELETE FROM {Table} WHERE {KeyPredicate(id)}", ct).ConfigureAwait(false) == 1, cancellationToken);
    }

    /// <summary>Brings back a soft-deleted entity. Returns false when it was not deleted or does not exist.</summary>
    /// <exception cref="InvalidOperationException">The entity has no soft-delete column.</exception>
    public Task<bool> RestoreAsync(TId id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        var deletedAt = Map.SoftDelete ?? throw new InvalidOperationException($"{typeof(T).Name} has no soft-delete column (a nullable DeletedAt); there is nothing to restore.");
        return RunAsync(async (executor, ct) => await executor.ExecuteAsync(
            $"UPDATE {Table} SET {Sql.Raw(deletedAt.Quoted)} = NULL{Sql.Raw(Map.Touch)} WHERE {KeyPredicate(id)} AND {Sql.Raw(deletedAt.Quoted)} IS NOT NULL", ct).ConfigureAwait(false) == 1,
            cancellationToken);
    }

    /// <summary>A soft delete (mark, touch) or a hard delete of the rows matching <paramref name="where"/>.</summary>
    internal Sql DeleteStatement(Sql where)
    {
        if (Map.SoftDelete is not { } deletedAt)
            return $"DELETE FROM {Table} WHERE {where}";
        return $"UPDATE {Table} SET {Sql.Raw(deletedAt.Quoted)} = now(){Sql.Raw(Map.Touch)} WHERE {where}{_liveFilter}";
    }

    private Task<T> UpsertOnAsync(T entity, string conflictTarget, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var sql = Map.Upsert(entity, conflictTarget);
        return RunAsync((executor, ct) => WriteOnAsync(executor, sql, ct), cancellationToken);
    }

    private async Task<T> WriteOnAsync(SqlExecutor executor, Sql sql, CancellationToken cancellationToken)
        => await executor.QuerySingleRowAsync(sql, default, Map.Choose, cancellationToken).ConfigureAwait(false)
            ?? throw new KeelException($"The write of a {typeof(T).Name} returned no row (an upsert whose conflict did nothing); nothing was changed.");

    private async Task<T> ThrowStaleOrMissingAsync(SqlExecutor executor, T entity, CancellationToken cancellationToken)
    {
        var id = KeyOf(entity);
        if (Map.Version is { } version)
        {
            var actual = await executor.ScalarAsync<int?>($"SELECT {Sql.Raw(version.Quoted)} FROM {Table} WHERE {KeyPredicate(id)}{_liveFilter}", cancellationToken).ConfigureAwait(false);
            if (actual is not null)
                throw new ConcurrencyException(typeof(T), id, (int)Map.PropertyValue(version, entity)!, actual);
        }

        throw new EntityNotFoundException(typeof(T), id);
    }
}
