using System.Diagnostics.CodeAnalysis;

namespace Keel;

/// <summary>
/// A cache-aside view of a <see cref="DocumentRepository{T, TId}"/>: loads by id and named queries are served from a
/// <see cref="KeelCache"/>; writes go to the database and then invalidate (or, with write-through, update) the cache —
/// after commit when the view is bound to a transaction, at once otherwise. Make it with
/// <c>repository.Cached(cache)</c>; bind it with <see cref="In"/> like the repository.
/// </summary>
/// <remarks>
/// Inside a transaction the view reads the database, not the cache: the transaction may see its own uncommitted
/// writes, and those must never reach the cache.
/// </remarks>
public sealed class CachedDocumentRepository<[DynamicallyAccessedMembers(Mapped.Document)] T, TId> : CachedView<T, TId>
    where T : class
    where TId : notnull
{
    internal CachedDocumentRepository(DocumentRepository<T, TId> repository, RepositoryCache<T, TId> rows)
        : base(rows, repository.Mapping.Schema, repository.Mapping.Table, repository.Mapping.IsMultiTenant, repository.CurrentTenant)
        => Repository = repository;

    /// <summary>The repository the view reads and writes through.</summary>
    public DocumentRepository<T, TId> Repository { get; }

    /// <inheritdoc/>
    private protected override SqlExecutor? Executor => Repository.Executor;

    /// <summary>A copy of the view on <paramref name="executor"/>: reads inside a transaction bypass the cache, writes touch it after commit.</summary>
    public CachedDocumentRepository<T, TId> In(SqlExecutor executor) => new(Repository.In(executor), Rows);

    /// <summary>A copy of the view acting for <paramref name="tenantId"/>; the tenant is part of every key and tag.</summary>
    public CachedDocumentRepository<T, TId> ForTenant(string tenantId) => new(Repository.ForTenant(tenantId), Rows);

    /// <summary>The document with this id (null when there is none; "none" is cached too, and a write through the view clears it).</summary>
    public Task<T?> LoadAsync(TId id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        var repository = Repository;
        return Rows.LoadAsync(repository.Executor, TableTag, id, ct => repository.LoadAsync(id, ct), cancellationToken);
    }

    /// <summary>
    /// A named query's result, cached under the name and <paramref name="arguments"/> and tagged with
    /// <see cref="CachedView{T, TId}.TableTag"/>, so any write through the view invalidates it:
    /// <c>users.QueryAsync("by-city", [city], (r, ct) =&gt; r.Query().Where(u =&gt; u.City == city).ToListAsync(ct))</c>.
    /// The arguments must determine the result: two calls with the same name and arguments share one entry.
    /// </summary>
    public Task<TResult> QueryAsync<TResult>(string name, IReadOnlyList<object?> arguments, Func<DocumentRepository<T, TId>, CancellationToken, Task<TResult>> query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var repository = Repository;
        return Rows.QueryAsync(repository.Executor, TableTag, name, arguments, ct => query(repository, ct), cancellationToken);
    }

    /// <summary>Inserts the document (see <see cref="DocumentRepository{T, TId}.InsertAsync"/>), then updates the cache.</summary>
    public async Task<Stored<T>> InsertAsync(T document, CancellationToken cancellationToken = default)
    {
        var stored = await Repository.InsertAsync(document, cancellationToken).ConfigureAwait(false);
        await AfterWriteAsync((TId)Repository.Mapping.GetId(document)!, stored.Document, cancellationToken).ConfigureAwait(false);
        return stored;
    }

    /// <summary>Updates the document at <paramref name="expectedVersion"/>, then updates the cache. A failed update leaves the cache alone.</summary>
    public async Task<Stored<T>> UpdateAsync(T document, int expectedVersion, CancellationToken cancellationToken = default)
    {
        var stored = await Repository.UpdateAsync(document, expectedVersion, cancellationToken).ConfigureAwait(false);
        await AfterWriteAsync((TId)Repository.Mapping.GetId(document)!, stored.Document, cancellationToken).ConfigureAwait(false);
        return stored;
    }

    /// <summary>Updates the document if still at <see cref="Stored{T}.Version"/>, then updates the cache.</summary>
    public Task<Stored<T>> UpdateAsync(Stored<T> stored, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return UpdateAsync(stored.Document, stored.Version, cancellationToken);
    }

    /// <summary>Inserts or replaces the document, then updates the cache.</summary>
    public async Task<Stored<T>> UpsertAsync(T document, CancellationToken cancellationToken = default)
    {
        var stored = await Repository.UpsertAsync(document, cancellationToken).ConfigureAwait(false);
        await AfterWriteAsync((TId)Repository.Mapping.GetId(document)!, stored.Document, cancellationToken).ConfigureAwait(false);
        return stored;
    }

    /// <summary>Patches the document in the database, then removes its key (the new document is not at hand to write through).</summary>
    public async Task<int> PatchAsync(TId id, Action<DocumentPatch<T>> patch, int? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        var version = await Repository.PatchAsync(id, patch, expectedVersion, cancellationToken).ConfigureAwait(false);
        await AfterWriteAsync(id, null, cancellationToken).ConfigureAwait(false);
        return version;
    }

    /// <summary>Deletes the document, then removes it from the cache.</summary>
    public async Task<bool> DeleteAsync(TId id, CancellationToken cancellationToken = default)
    {
        var deleted = await Repository.DeleteAsync(id, cancellationToken).ConfigureAwait(false);
        if (deleted)
            await AfterWriteAsync(id, null, cancellationToken).ConfigureAwait(false);
        return deleted;
    }

    /// <summary>
    /// Preloads documents into L2 (and L1 with <paramref name="includeL1"/>) from a query, e.g. the 100 most visited:
    /// <c>users.WarmAsync((r, ct) =&gt; r.Query().OrderByDescending(u =&gt; u.Visits).Take(100).ToListAsync(ct))</c>.
    /// </summary>
    public async Task<int> WarmAsync(Func<DocumentRepository<T, TId>, CancellationToken, Task<IReadOnlyList<T>>> query, bool includeL1 = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var documents = await query(Repository, cancellationToken).ConfigureAwait(false);
        var mapping = Repository.Mapping;
        return await Rows.WarmAsync(TableTag, documents, d => (TId)mapping.GetId(d)!, includeL1, cancellationToken).ConfigureAwait(false);
    }
}
