namespace Keel;

/// <summary>Bulk loading over binary COPY.</summary>
public partial class Repository<T, TId>
{
    private const int ProgressEvery = 1000;

    /// <summary>
    /// Loads many entities over binary COPY in one transaction (the repository's own when bound to one): identity
    /// keys and server defaults are filled by the server, empty Guid keys get version-7 ids, versions start at 1 and
    /// timestamps are the load's time; a multi-tenant entity's rows are the repository's tenant's. <paramref name="progress"/> gets the running count every 1,000 rows and at
    /// the end. Returns the rows written.
    /// </summary>
    /// <exception cref="UniqueViolationException">A row clashes with a unique key; nothing was written.</exception>
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
        var columns = Map.CopyColumns;
        // The tenant column leads each row, as it leads every INSERT.
        string[] names = [.. Map.Tenant is { } tenantColumn ? [tenantColumn.Name] : Array.Empty<string>(), .. columns.Select(c => c.Name)];
        var now = DateTimeOffset.UtcNow;
        var written = await executor.CopyInAsync(Map.CopyTarget(), names, async (importer, ct) =>
        {
            long count = 0;
            foreach (var entity in entities)
            {
                ArgumentNullException.ThrowIfNull(entity, nameof(entities));
                Map.CheckTenant(entity, tenant);
                await importer.StartRowAsync(ct).ConfigureAwait(false);
                if (tenant is not null)
                    await importer.WriteAsync(tenant, NpgsqlTypes.NpgsqlDbType.Text, ct).ConfigureAwait(false);
                foreach (var column in columns)
                {
                    // Maintained columns get the load's values, as an INSERT would give them.
                    var write = column.Role switch
                    {
                        ColumnRole.Version => importer.WriteAsync(1, ct),
                        ColumnRole.CreatedAt or ColumnRole.UpdatedAt when column.StoreType == typeof(DateTime) || column.StoreType == typeof(DateTime?) => importer.WriteAsync(now.UtcDateTime, NpgsqlTypes.NpgsqlDbType.TimestampTz, ct),
                        ColumnRole.CreatedAt or ColumnRole.UpdatedAt => importer.WriteAsync(now, ct),
                        _ => Map.WriteCopyFieldAsync(importer, column, entity, ct),
                    };
                    await write.ConfigureAwait(false);
                }

                if (++count % ProgressEvery == 0)
                    progress?.Report(count);
            }
        }, cancellationToken).ConfigureAwait(false);
        progress?.Report(written);
        return written;
    }
}
