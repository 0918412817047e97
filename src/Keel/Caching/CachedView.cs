namespace Keel;

/// <summary>
/// What the cached repository views (<see cref="CachedDocumentRepository{T, TId}"/>, <see cref="CachedRepository{T, TId}"/>)
/// share: the cache, the settings, and how a row or document is named in the cache. Not for deriving outside Keel.
/// </summary>
public abstract class CachedView<T, TId>
    where T : class
    where TId : notnull
{
    // Null for a multi-tenant table without a tenant: every use throws before the cache or the database is touched.
    private readonly string? _tableTag;

    /// <summary>A view of <paramref name="schema"/>.<paramref name="table"/>, whose rows belong to tenants when <paramref name="multiTenant"/> (then named with <paramref name="tenant"/>).</summary>
    private protected CachedView(RepositoryCache<T, TId> rows, string schema, string table, bool multiTenant, string? tenant)
    {
        Rows = rows;
        _tableTag = !multiTenant ? RepositoryCacheKeys.Table(schema, table, null) : tenant is null ? null : RepositoryCacheKeys.Table(schema, table, tenant);
    }

    /// <summary>The cache.</summary>
    public KeelCache Cache => Rows.Cache;

    /// <summary>The view's settings.</summary>
    public CachedRepositoryOptions Options => Rows.Options;

    /// <summary>The tag every cached named query of the table carries; any write through the view invalidates it.</summary>
    /// <exception cref="TenantRequiredException">The rows belong to tenants and the view has no tenant.</exception>
    public string TableTag => _tableTag ?? throw new TenantRequiredException(typeof(T));

    /// <summary>How the view caches rows and changes the cache after writes.</summary>
    private protected RepositoryCache<T, TId> Rows { get; }

    /// <summary>The session or transaction the view's repository is bound to, if any.</summary>
    private protected abstract SqlExecutor? Executor { get; }

    /// <summary>The cache key of the row (or document) with this id: <c>row:public.users:42</c>.</summary>
    public string KeyFor(TId id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return RepositoryCacheKeys.Row(TableTag, id);
    }

    /// <summary>
    /// The tag of entries derived from one row or document (the <c>user:42:*</c> pattern): tag your own entries with
    /// it and every write of that row through the view invalidates them too.
    /// </summary>
    public string TagFor(TId id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return RepositoryCacheKeys.RowTag(TableTag, id);
    }

    /// <summary>Drops the key and tags of the row with this id (after commit when bound to a transaction): for writes made outside the view.</summary>
    public Task InvalidateAsync(TId id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        return AfterWriteAsync(id, null, cancellationToken);
    }

    /// <summary>The cache change after a write of one row: see <see cref="RepositoryCache{T, TId}.AfterWriteAsync"/>.</summary>
    private protected Task AfterWriteAsync(TId id, T? written, CancellationToken cancellationToken)
        => Rows.AfterWriteAsync(Executor, TableTag, id, written, cancellationToken);
}
