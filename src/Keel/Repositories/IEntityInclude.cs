namespace Keel;

/// <summary>
/// Something loaded alongside a query's entities once they are read (a relation, a count): called with the same
/// session or transaction, the materialized entities, the tenant the query acts for (null if none) and the token. Implementations batch by key, so a query costs
/// one command per include whatever the row count.
/// </summary>
internal interface IEntityInclude<in T>
    where T : class
{
    Task LoadAsync(SqlExecutor executor, IReadOnlyList<T> entities, string? tenant, CancellationToken cancellationToken);
}
