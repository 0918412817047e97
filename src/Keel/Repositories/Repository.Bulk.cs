namespace Keel;

/// <summary>Bulk loading over binary COPY.</summary>
public partial class Repository<T, TId>
{
    private const int ProgressEvery = 1000;

    /// <summary>
    /// Loads many entities over binary COPY in one transaction (the repository's own when bound to one): identity
    /// keys and server defaults are filled by the server, empty Guid keys get version-7 ids, versions start at 1 and
    /// timestamps are the load's time; a multi-tenant entity's rows are the repository's tenant's. <paramref name="progress"/>
    /// gets the running count every 1,000 entities and at the end. Returns the entities written. In a class hierarchy a
    /// single table's rows get their discriminator; joined tables are loaded base table first, then each table below it,
    /// under keys fixed once per entity (an identity key's values drawn in one query first); a table-per-concrete-type
    /// map with subtypes loads each concrete table. Those last two hold the batch in memory.
    /// </summary>
    /// <exception cref="UniqueViolationException">A row clashes with a unique key; nothing was written.</exception>
    /// <exception cref="ArgumentException">Through a hierarchy's root, an entity is not of a mapped subtype; nothing was written.</exception>
    public Task<long> BulkInsertAsync(IEnumerable<T> entities, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entities);
        var tenant = TenantFor();
        return RunAsync(async (executor, ct) =>
        {
            if (executor is KeelTransaction or KeelSession { CurrentTransaction: not null })
                return await CopyAsync(executor, entities, tenant, progress, ct).ConfigureAwait(false);
            var session = (KeelSession)executor;
            return await session.InTransactionAsync((tx, c) => CopyAsync(tx, entities, tenant, progress, c), new TransactionOptions { MaxRetries = 0 }, ct).ConfigureAwait(false);
        }, cancellationToken);
    }

    private async Task<long> CopyAsync(SqlExecutor executor, IEnumerable<T> entities, string? tenant, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var copy = new BulkCopy<T>(Map, entities, tenant, DateTimeOffset.UtcNow);
        foreach (var (key, draw) in copy.KeyDraws)
            copy.UseKeys(key, await executor.ScalarAsync<object>(draw, cancellationToken).ConfigureAwait(false) as Array);
        long written = 0;
        foreach (var pass in copy.Passes())
            await executor.CopyInAsync(pass.Table, pass.Columns, (importer, ct) => pass.WriteRows(importer, pass.CountsEntities ? Wrote : Skip, ct), cancellationToken).ConfigureAwait(false);
        progress?.Report(written);
        return written;

        void Wrote()
        {
            if (++written % ProgressEvery == 0)
                progress?.Report(written);
        }

        static void Skip()
        {
        }
    }
}
