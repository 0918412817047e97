using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Keel.Benchmarks;

/// <summary>
/// EF Core with the Npgsql provider, the way its docs show: AsNoTracking LINQ for reads, AddRange + SaveChanges for
/// inserts. Every context shares one open connection, so EF never opens or closes it inside a run.
/// </summary>
internal sealed partial class EfCoreContender : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private NpgsqlConnection? _connection;
    private ReadContext? _reads;
    private InsertContext? _inserts;

    public EfCoreContender(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.ConnectionStringBuilder.Pooling = true;
        builder.ConnectionStringBuilder.ApplicationName = "bench-efcore";
        _dataSource = builder.Build();
    }

    private NpgsqlConnection Connection => _connection ?? throw new InvalidOperationException("Call OpenAsync first.");

    private ReadContext Reads => _reads ?? throw new InvalidOperationException("Call OpenAsync first.");

    public async Task OpenAsync(CancellationToken cancellationToken)
    {
        _connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        var options = new DbContextOptionsBuilder<ReadContext>().UseNpgsql(_connection).Options;
        _reads = new ReadContext(options);
    }

    public async Task<long> GetByIdAsync(int[] keys, int count, CancellationToken cancellationToken)
    {
        long checksum = 0;
        var users = Reads.Users;
        for (var i = 0; i < count; i++)
        {
            var id = keys[i];
            var user = await users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, cancellationToken);
            if (user is not null)
                checksum += user.Id;
        }

        return checksum;
    }

    public async Task<long> ListAsync(int[] offsets, int count, CancellationToken cancellationToken)
    {
        long checksum = 0;
        var users = Reads.Users;
        for (var i = 0; i < count; i++)
        {
            var offset = offsets[i];
            var page = await users.AsNoTracking().OrderBy(u => u.Id).Skip(offset).Take(BenchData.PageSize).ToListAsync(cancellationToken);
            foreach (var user in page)
                checksum += user.Id;
        }

        return checksum;
    }

    /// <summary>Untimed: a fresh change tracker per run, as a batch job would start with.</summary>
    public async Task NewInsertContextAsync(CancellationToken cancellationToken)
    {
        if (_inserts is not null)
            await _inserts.DisposeAsync();
        var options = new DbContextOptionsBuilder<InsertContext>().UseNpgsql(Connection).Options;
        _inserts = new InsertContext(options);
    }

    public async Task<long> InsertRowsAsync(UserRow[] rows, int count, CancellationToken cancellationToken)
    {
        var context = _inserts ?? throw new InvalidOperationException("Call NewInsertContextAsync before each run.");
        // SaveChanges runs in one transaction of its own.
        context.NewUsers.AddRange(new ArraySegment<UserRow>(rows, 0, count));
        await context.SaveChangesAsync(cancellationToken);
        return count;
    }

    /// <summary>Server-side prepared statements on the shared connection (a diagnostic, never timed).</summary>
    public async Task<long> CountPreparedStatementsAsync(CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(BenchSql.CountPrepared, Connection);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async ValueTask DisposeAsync()
    {
        await DisposeRelationsAsync();
        if (_inserts is not null)
            await _inserts.DisposeAsync();
        if (_reads is not null)
            await _reads.DisposeAsync();
        if (_connection is not null)
            await _connection.DisposeAsync();
        await _dataSource.DisposeAsync();
    }
}
