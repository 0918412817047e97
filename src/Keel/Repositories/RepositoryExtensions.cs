namespace Keel;

/// <summary>Binding repositories to a session, a transaction or a tenant; the result has the repository's own type.</summary>
public static class RepositoryExtensions
{
    /// <summary>
    /// A copy of the repository whose calls run on <paramref name="executor"/> (a session or a transaction), so
    /// several repositories commit or roll back together: <c>cars.In(tx).UpdateAsync(...)</c>.
    /// </summary>
    public static TRepository In<TRepository>(this TRepository repository, SqlExecutor executor)
        where TRepository : RepositoryBase
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(executor);
        return (TRepository)repository.Clone(executor, repository.Tenant ?? executor.Owner.TenantId);
    }

    /// <summary>
    /// A copy of the repository acting for <paramref name="tenantId"/>: multi-tenant documents and entities are read
    /// and written for that tenant only, whatever session the copy is bound to.
    /// </summary>
    public static TRepository ForTenant<TRepository>(this TRepository repository, string tenantId)
        where TRepository : RepositoryBase
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        return (TRepository)repository.Clone(repository.Executor, tenantId);
    }
}
