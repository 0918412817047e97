using System.Text.Json;

namespace Keel;

/// <summary>Inserting, updating, upserting and deleting documents.</summary>
public partial class DocumentRepository<T, TId>
{
    /// <summary>
    /// Inserts a new document (a Guid id that is empty gets <see cref="Guid.CreateVersion7()"/>).
    /// <c>INSERT INTO t (id, data, ...) VALUES (...) RETURNING version, created</c>.
    /// </summary>
    /// <exception cref="DuplicateKeyException">A document with this id exists; nothing was written.</exception>
    public Task<Stored<T>> InsertAsync(T document, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        var id = EnsureId(document);
        _insertPrefix ??= Sql.Raw($"INSERT INTO {Table.Text} ({InsertColumns().Text}) VALUES (");
        Sql sql = $"{_insertPrefix}{InsertValues(id, document)}{ReturningMeta}";
        // A bound repository (the usual shape inside a unit of work) skips the closure and the extra state machine.
        return Executor is not null ? InsertOnAsync(Executor, sql, document, id, cancellationToken) : RunAsync((executor, ct) => InsertOnAsync(executor, sql, document, id, ct), cancellationToken);
    }

    private async Task<Stored<T>> InsertOnAsync(SqlExecutor executor, Sql sql, T document, TId id, CancellationToken cancellationToken)
    {
        try
        {
            var meta = await executor.QuerySingleOrDefaultAsync<WriteResult>(sql, cancellationToken).ConfigureAwait(false);
            return new Stored<T>(document, meta!.Version, meta.Created, meta.Updated);
        }
        catch (UniqueViolationException e) when (e.ConstraintName == Mapping.Table + "_pkey")
        {
            throw new DuplicateKeyException(typeof(T), id, e);
        }
    }

    /// <summary>
    /// Replaces a document if it is still at <paramref name="expectedVersion"/>: version + 1 and <c>updated</c> are set
    /// in the same statement. <c>UPDATE t SET data = $1, version = version + 1 ... WHERE id = $2 AND version = $3</c>.
    /// </summary>
    /// <exception cref="ConcurrencyException">The document is at another version; nothing was written.</exception>
    /// <exception cref="DocumentNotFoundException">No such (live) document; nothing was written.</exception>
    public Task<Stored<T>> UpdateAsync(T document, int expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        var id = IdOf(document);
        return RunAsync(async (executor, ct) =>
        {
            var meta = await executor.QuerySingleOrDefaultAsync<WriteResult>(
                $"UPDATE {Table} SET data = {Json(document)}, version = version + 1, updated = now(){DuplicateAssignments(document)} WHERE id = {id}{Filters(includeDeleted: false)} AND version = {expectedVersion} RETURNING version, created, updated",
                ct).ConfigureAwait(false);
            if (meta is null)
                await ThrowStaleOrMissingAsync(executor, id, expectedVersion, ct).ConfigureAwait(false);
            return new Stored<T>(document, meta!.Version, meta.Created, meta.Updated);
        }, cancellationToken);
    }

    /// <summary>Replaces <see cref="Stored{T}.Document"/> if the document is still at <see cref="Stored{T}.Version"/>.</summary>
    public Task<Stored<T>> UpdateAsync(Stored<T> stored, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return UpdateAsync(stored.Document, stored.Version, cancellationToken);
    }

    /// <summary>
    /// Inserts or replaces without a version check (last writer wins); a soft-deleted document comes back to life.
    /// <c>INSERT ... ON CONFLICT (id) DO UPDATE SET data = EXCLUDED.data, version = version + 1 ...</c>.
    /// </summary>
    public Task<Stored<T>> UpsertAsync(T document, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        var id = EnsureId(document);
        var conflict = Mapping.IsMultiTenant ? "tenant_id, id" : "id";
        var revive = Mapping.IsSoftDeleted ? ", deleted_at = NULL" : string.Empty;
        var duplicates = string.Concat(Mapping.Duplicates.Select(d => $", {SqlIdentifiers.Quote(d.Column)} = EXCLUDED.{SqlIdentifiers.Quote(d.Column)}"));
        return RunAsync(async (executor, ct) =>
        {
            var meta = await executor.QuerySingleOrDefaultAsync<WriteResult>(
                $"INSERT INTO {Table} AS t ({InsertColumns()}) VALUES ({InsertValues(id, document)}) ON CONFLICT ({Sql.Raw(conflict)}) DO UPDATE SET data = EXCLUDED.data, version = t.version + 1, updated = now(){Sql.Raw(revive + duplicates)} RETURNING version, created, updated",
                ct).ConfigureAwait(false);
            return new Stored<T>(document, meta!.Version, meta.Created, meta.Updated);
        }, cancellationToken);
    }

    /// <summary>
    /// Deletes the document (with soft delete: marks it, version + 1). Returns false when there was nothing to delete.
    /// </summary>
    public Task<bool> DeleteAsync(TId id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (!Mapping.IsSoftDeleted)
            return HardDeleteAsync(id, cancellationToken);
        return RunAsync(async (executor, ct) => await executor.ExecuteAsync(
            $"UPDATE {Table} SET deleted_at = now(), version = version + 1, updated = now() WHERE id = {id}{Filters(includeDeleted: false)}", ct).ConfigureAwait(false) == 1,
            cancellationToken);
    }

    /// <summary>Deletes the document by its id.</summary>
    public Task<bool> DeleteAsync(T document, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        return DeleteAsync(IdOf(document), cancellationToken);
    }

    /// <summary>Removes the row for good, soft delete or not.</summary>
    public Task<bool> HardDeleteAsync(TId id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        return RunAsync(async (executor, ct) => await executor.ExecuteAsync(
            $"DELETE FROM {Table} WHERE id = {id}{TenantFilter()}", ct).ConfigureAwait(false) == 1, cancellationToken);
    }

    /// <summary>Brings back a soft-deleted document (version + 1). Returns false when it was not deleted or does not exist.</summary>
    /// <exception cref="InvalidOperationException">The type is not registered with <c>SoftDelete()</c>.</exception>
    public Task<bool> RestoreAsync(TId id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (!Mapping.IsSoftDeleted)
            throw new InvalidOperationException($"{typeof(T).Name} is not registered with SoftDelete(); there is nothing to restore.");
        return RunAsync(async (executor, ct) => await executor.ExecuteAsync(
            $"UPDATE {Table} SET deleted_at = NULL, version = version + 1, updated = now() WHERE id = {id}{TenantFilter()} AND deleted_at IS NOT NULL", ct).ConfigureAwait(false) == 1,
            cancellationToken);
    }

    /// <summary>
    /// Applies changes in one statement, no read-modify-write: version + 1, <c>updated</c> and duplicated columns set
    /// alongside. With <paramref name="expectedVersion"/>, only if the document is still at it.
    /// </summary>
    /// <exception cref="DocumentNotFoundException">No such (live) document; nothing was written.</exception>
    /// <exception cref="ConcurrencyException">The document is at another version than expected; nothing was written.</exception>
    public Task<int> PatchAsync(TId id, Action<DocumentPatch<T>> patch, int? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(patch);
        var changes = new DocumentPatch<T>(Mapping);
        patch(changes);
        if (changes.Count == 0)
            throw new ArgumentException("The patch has no operations.", nameof(patch));
        var targets = string.Join(", ", ["data", .. Mapping.Duplicates.Select(d => SqlIdentifiers.Quote(d.Column))]);
        Sql versionCheck = expectedVersion is { } v ? $" AND version = {v}" : Sql.Empty;
        return RunAsync(async (executor, ct) =>
        {
            var version = await executor.ScalarAsync<int?>(
                $"UPDATE {Table} SET ({Sql.Raw(targets)}) = ({changes.Build(Mapping.Duplicates)}), version = version + 1, updated = now() WHERE id = {id}{Filters(includeDeleted: false)}{versionCheck} RETURNING version",
                ct).ConfigureAwait(false);
            if (version is null)
            {
                if (expectedVersion is { } expected)
                    await ThrowStaleOrMissingAsync(executor, id, expected, ct).ConfigureAwait(false);
                throw new DocumentNotFoundException(typeof(T), id);
            }

            return version.Value;
        }, cancellationToken);
    }

    private async Task ThrowStaleOrMissingAsync(SqlExecutor executor, TId id, int expectedVersion, CancellationToken cancellationToken)
    {
        var actual = await executor.ScalarAsync<int?>($"SELECT version FROM {Table} WHERE id = {id}{Filters(includeDeleted: false)}", cancellationToken).ConfigureAwait(false);
        if (actual is null)
            throw new DocumentNotFoundException(typeof(T), id);
        throw new ConcurrencyException(typeof(T), id, expectedVersion, actual);
    }

    private TId EnsureId(T document)
    {
        var id = Mapping.GetId(document);
        if (id is Guid guid && guid == Guid.Empty)
        {
            var fresh = Guid.CreateVersion7();
            Mapping.SetId(document, fresh);
            return (TId)(object)fresh;
        }

        return IdOf(document);
    }

    private TId IdOf(T document) => Mapping.GetId(document) switch
    {
        null or "" => throw new ArgumentException($"The {typeof(T).Name} has no id; set its {Mapping.IdPath} before writing.", nameof(document)),
        Guid g when g == Guid.Empty => throw new ArgumentException($"The {typeof(T).Name} has an empty id; load it first, or insert it to get one.", nameof(document)),
        var id => (TId)id,
    };

    private Sql Json(T document) => Sql.Jsonb(JsonSerializer.SerializeToUtf8Bytes(document, Mapping.TypeInfo));

    private static readonly Sql ReturningMeta = Sql.Raw(") RETURNING version, created, updated");

    private Sql InsertColumns() => _insertColumns ??= Sql.Raw(
        "id, " + (Mapping.IsMultiTenant ? "tenant_id, " : string.Empty) + "data"
        + string.Concat(Mapping.Duplicates.Select(d => ", " + SqlIdentifiers.Quote(d.Column))));

    private Sql InsertValues(TId id, T document)
    {
        if (!Mapping.IsMultiTenant && Mapping.Duplicates.Count == 0)
            return $"{id}, {Json(document)}";
        Sql tenant = Mapping.IsMultiTenant ? $"{RequiredTenant()}, " : Sql.Empty;
        var values = new List<Sql> { $"{id}, {tenant}{Json(document)}" };
        foreach (var duplicate in Mapping.Duplicates)
            values.Add(Sql.Parameter(duplicate.Read(document)));
        return Sql.Join(", ", values);
    }

    private Sql DuplicateAssignments(T document)
    {
        if (Mapping.Duplicates.Count == 0)
            return Sql.Empty;
        var assignments = new List<Sql>();
        foreach (var duplicate in Mapping.Duplicates)
            assignments.Add($"{Sql.Identifier(duplicate.Column)} = {Sql.Parameter(duplicate.Read(document))}");
        return $", {Sql.Join(", ", assignments)}";
    }
}
