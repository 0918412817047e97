using Dapper;
using Npgsql;

namespace Keel.Benchmarks;

/// <summary>
/// Plain Dapper as users run it: an open connection from a data source without auto-prepare, SQL with
/// <c>@name</c> parameters taken from an anonymous object or the row itself.
/// </summary>
internal sealed partial class DapperContender : IAsyncDisposable
{
    private const string GetByIdSql = "SELECT id, name, email, created_at FROM users WHERE id = @id";
    private const string ListSql = "SELECT id, name, email, created_at FROM users ORDER BY id LIMIT 100 OFFSET @offset";
    private const string InsertSql = "INSERT INTO new_users (id, name, email, created_at) VALUES (@Id, @Name, @Email, @CreatedAt)";

    private readonly NpgsqlDataSource _dataSource;
    private NpgsqlConnection? _connection;

    public DapperContender(string connectionString)
    {
        // created_at -> CreatedAt: the one switch Dapper users flip for snake_case schemas (a process-wide static).
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.ConnectionStringBuilder.Pooling = true;
        builder.ConnectionStringBuilder.ApplicationName = "bench-dapper";
        _dataSource = builder.Build();
    }

    private NpgsqlConnection Connection => _connection ?? throw new InvalidOperationException("Call OpenAsync first.");

    public async Task OpenAsync(CancellationToken cancellationToken)
        => _connection = await _dataSource.OpenConnectionAsync(cancellationToken);

    public async Task<long> GetByIdAsync(int[] keys, int count, CancellationToken cancellationToken)
    {
        long checksum = 0;
        for (var i = 0; i < count; i++)
        {
            var command = new CommandDefinition(GetByIdSql, new { id = keys[i] }, cancellationToken: cancellationToken);
            var user = await Connection.QuerySingleOrDefaultAsync<UserRow>(command);
            if (user is not null)
                checksum += user.Id;
        }

        return checksum;
    }

    public async Task<long> ListAsync(int[] offsets, int count, CancellationToken cancellationToken)
    {
        long checksum = 0;
        for (var i = 0; i < count; i++)
        {
            var command = new CommandDefinition(ListSql, new { offset = offsets[i] }, cancellationToken: cancellationToken);
            foreach (var user in await Connection.QueryAsync<UserRow>(command))
                checksum += user.Id;
        }

        return checksum;
    }

    public async Task<long> InsertRowsAsync(UserRow[] rows, int count, CancellationToken cancellationToken)
    {
        await using var transaction = await Connection.BeginTransactionAsync(cancellationToken);
        for (var i = 0; i < count; i++)
            await Connection.ExecuteAsync(new CommandDefinition(InsertSql, rows[i], transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return count;
    }

    /// <summary>Server-side prepared statements on this contender's connection (a diagnostic, never timed).</summary>
    public Task<long> CountPreparedStatementsAsync(CancellationToken cancellationToken)
        => Connection.ExecuteScalarAsync<long>(new CommandDefinition(BenchSql.CountPrepared, cancellationToken: cancellationToken));

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
            await _connection.DisposeAsync();
        await _dataSource.DisposeAsync();
    }
}
