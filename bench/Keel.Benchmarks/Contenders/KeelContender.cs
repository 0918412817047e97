namespace Keel.Benchmarks;

/// <summary>
/// Keel as its docs show it: one session, SQL as interpolated strings whose holes become parameters, rows mapped
/// to <see cref="UserRow"/> by column name. Auto-prepare is left at Keel's defaults.
/// </summary>
internal sealed partial class KeelContender : IAsyncDisposable
{
    private readonly KeelDataSource _keel;
    private readonly int _batchSize;
    private KeelSession? _session;

    public KeelContender(string connectionString, int batchSize)
    {
        _keel = KeelDataSource.Create(new KeelOptions { ConnectionString = connectionString, MaxPoolSize = 4, ApplicationName = "bench-keel" });
        _batchSize = batchSize;
        _documents = RegisterDocuments(_keel);
        RegisterOrders(_keel);
    }

    private KeelSession Session => _session ?? throw new InvalidOperationException("Call OpenAsync first.");

    public async Task OpenAsync(CancellationToken cancellationToken)
    {
        _session = await _keel.OpenSessionAsync(cancellationToken);
        await _keel.Documents.EnsureSchemaAsync(cancellationToken);
    }

    public async Task<long> GetByIdAsync(int[] keys, int count, CancellationToken cancellationToken)
    {
        long checksum = 0;
        var session = Session;
        for (var i = 0; i < count; i++)
        {
            var id = keys[i];
            var user = await session.QuerySingleOrDefaultAsync<UserRow>(
                $"SELECT id, name, email, created_at FROM users WHERE id = {id}", cancellationToken);
            if (user is not null)
                checksum += user.Id;
        }

        return checksum;
    }

    public async Task<long> ListAsync(int[] offsets, int count, CancellationToken cancellationToken)
    {
        long checksum = 0;
        var session = Session;
        for (var i = 0; i < count; i++)
        {
            var offset = offsets[i];
            var page = await session.QueryAsync<UserRow>(
                $"SELECT id, name, email, created_at FROM users ORDER BY id LIMIT 100 OFFSET {offset}", cancellationToken);
            for (var j = 0; j < page.Count; j++)
                checksum += page[j].Id;
        }

        return checksum;
    }

    public async Task<long> InsertRowsAsync(UserRow[] rows, int count, CancellationToken cancellationToken)
    {
        await using var transaction = await Session.BeginTransactionAsync(cancellationToken: cancellationToken);
        for (var i = 0; i < count; i++)
        {
            var row = rows[i];
            await transaction.ExecuteAsync(
                $"INSERT INTO new_users (id, name, email, created_at) VALUES ({row.Id}, {row.Name}, {row.Email}, {row.CreatedAt})", cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return count;
    }

    public async Task<long> InsertBatchedAsync(UserRow[] rows, int count, CancellationToken cancellationToken)
    {
        await using var transaction = await Session.BeginTransactionAsync(cancellationToken: cancellationToken);
        var batch = new List<Sql>(_batchSize);
        for (var start = 0; start < count; start += _batchSize)
        {
            batch.Clear();
            var end = Math.Min(start + _batchSize, count);
            for (var i = start; i < end; i++)
            {
                var row = rows[i];
                batch.Add($"INSERT INTO new_users (id, name, email, created_at) VALUES ({row.Id}, {row.Name}, {row.Email}, {row.CreatedAt})");
            }

            await transaction.ExecuteBatchAsync(batch, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return count;
    }

    /// <summary>
    /// Server-side prepared statements on the session's connection (a diagnostic, never timed): shows whether
    /// Npgsql's auto-prepare took Keel's statements, which it only does after AutoPrepareMinUsages uses.
    /// </summary>
    public Task<long> CountPreparedStatementsAsync(CancellationToken cancellationToken)
        => Session.ScalarAsync<long>(Sql.Raw(BenchSql.CountPrepared), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_session is not null)
            await _session.DisposeAsync();
        await _keel.DisposeAsync();
    }
}
