using System.Diagnostics.CodeAnalysis;

namespace Keel;

/// <summary>
/// A cache-aside view of a relational <see cref="Repository{T, TId}"/>: finds by key and named queries are served
/// from a <see cref="KeelCache"/>; writes go to the database and then invalidate (or, with write-through, update) the
/// cache — after commit when the view is bound to a transaction, at once otherwise. Make it with
/// <c>repository.Cached(cache)</c>; bind it with <see cref="In"/> like the repository. Keys and tags are named as
/// for <see cref="CachedDocumentRepository{T, TId}"/>: <c>row:public.users:42</c>, <c>public.users:42</c>, <c>public.users</c>;
/// a multi-tenant entity's carry the tenant (<c>row:public.users@acme:42</c>), so tenants never share an entry.
/// </summary>
/// <remarks>
/// Inside a transaction the view reads the database, not the cache. Entities from the cache are shared by every
/// caller on the node (one object per L1 entry): read them, do not change them; change a row with a write through the
/// view (<c>UpdateAsync(id, s =&gt; s.Set(...))</c>, or <c>UpdateAsync</c> on an entity found with <c>Repository</c>).
/// </remarks>
public sealed partial class CachedRepository<[DynamicallyAccessedMembers(Mapped.Members)] T, TId> : CachedView<T, TId>
    where T : class
    where TId : notnull
{
    internal CachedRepository(Repository<T, TId> repository, RepositoryCache<T, TId> rows)
        : base(rows, repository.Map.Schema, repository.Map.Table, repository.Map.Tenant is not null, repository.CurrentTenant)
        => Repository = repository;

    /// <summary>The repository the view reads and writes through.</summary>
    public Repository<T, TId> Repository { get; }

    /// <inheritdoc/>
    private protected override SqlExecutor? Executor => Repository.Executor;

    /// <summary>A copy of the view on <paramref name="executor"/>: reads inside a transaction bypass the cache, writes touch it after commit.</summary>
    public CachedRepository<T, TId> In(SqlExecutor executor) => new(Repository.In(executor), Rows);

    /// <summary>A copy of the view acting for <paramref name="tenantId"/> (multi-tenant entities); the tenant is part of every key and tag.</summary>
    public CachedRepository<T, TId> ForTenant(string tenantId) => new(Repository.ForTenant(tenantId), Rows);

    /// <summary>The (live) entity with this key, or null (cached too, until a write through the view); see <see cref="Repository{T, TId}.FindAsync"/>.</summary>
    public Task<T?> FindAsync(TId id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        var repository = Repository;
        return Rows.LoadAsync(repository.Executor, TableTag, id, ct => repository.FindAsync(id, ct), cancellationToken);
    }

    /// <summary>
    /// The (live) entities with these keys, in the order asked for: each from the cache when it holds it, the rest in
    /// one query (<c>WHERE "id" = ANY($1)</c> for the misses only), which are then cached. Missing keys are absent.
    /// </summary>
    public Task<IReadOnlyList<T>> FindManyAsync(IEnumerable<TId> ids, CancellationToken cancellationToken = default)
    {
        var repository = Repository;
        return Rows.LoadManyAsync(repository.Executor, TableTag, ids, (misses, ct) => repository.FindManyAsync(misses, ct), repository.KeyOf, repository.FindAsync, cancellationToken);
    }

    /// <summary>
    /// A named query's result, cached under the name and <paramref name="arguments"/> and tagged with
    /// <see cref="CachedView{T, TId}.TableTag"/>, so any write through the view invalidates it:
    /// <c>users.QueryAsync("admins", [], (r, ct) =&gt; r.Query().Where(u =&gt; u.Role == UserRole.Admin).ToListAsync(ct))</c>.
    /// The arguments must determine the result: two calls with the same name and arguments share one entry.
    /// </summary>
    public Task<TResult> QueryAsync<TResult>(string name, IReadOnlyList<object?> arguments, Func<Repository<T, TId>, CancellationToken, Task<TResult>> query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var repository = Repository;
        return Rows.QueryAsync(repository.Executor, TableTag, name, arguments, ct => query(repository, ct), cancellationToken);
    }

    /// <summary>
    /// Drops every cached row and named query of the table (after commit when bound to a transaction): for set-based
    /// writes made outside the view.
    /// </summary>
    public Task InvalidateAllAsync(CancellationToken cancellationToken = default)
        => Rows.AfterTableWriteAsync(Repository.Executor, TableTag, cancellationToken);

    /// <summary>
    /// Preloads entities into L2 (and L1 with <paramref name="includeL1"/>) from a query, e.g. the 100 newest users:
    /// <c>users.WarmAsync((r, ct) =&gt; r.Query().OrderByDescending(u =&gt; u.CreatedAt).Take(100).ToListAsync(ct))</c>.
    /// </summary>
    public async Task<int> WarmAsync(Func<Repository<T, TId>, CancellationToken, Task<IReadOnlyList<T>>> query, bool includeL1 = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var entities = await query(Repository, cancellationToken).ConfigureAwait(false);
        return await Rows.WarmAsync(TableTag, entities, Repository.KeyOf, includeL1, cancellationToken).ConfigureAwait(false);
    }

    private async Task<T> AfterWriteAsync(Task<T> write, CancellationToken cancellationToken)
    {
        var row = await write.ConfigureAwait(false);
        await AfterWriteAsync(Repository.KeyOf(row), row, cancellationToken).ConfigureAwait(false);
        return row;
    }

    private async Task<bool> AfterDeleteAsync(TId id, Task<bool> delete, CancellationToken cancellationToken)
    {
        var changed = await delete.ConfigureAwait(false);
        if (changed)
            await AfterWriteAsync(id, null, cancellationToken).ConfigureAwait(false);
        return changed;
    }

    private async Task<int> AfterTableWriteAsync(Task<int> write, CancellationToken cancellationToken)
    {
        var changed = await write.ConfigureAwait(false);
        if (changed > 0)
            await Rows.AfterTableWriteAsync(Repository.Executor, TableTag, cancellationToken).ConfigureAwait(false);
        return changed;
    }

}
