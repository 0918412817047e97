using Npgsql;
using NpgsqlTypes;

namespace Keel.Benchmarks;

/// <summary>
/// Npgsql by hand, as an expert writes it: one open connection, one command per statement made once and reused
/// with new parameter values, and — unless <c>prepare</c> is false — prepared explicitly up front. With prepare on
/// this is the driver's physical limit, the baseline every ratio is measured against.
/// </summary>
internal sealed partial class RawNpgsqlContender : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _prepare;
    private readonly int _batchSize;
    private NpgsqlConnection? _connection;
    private NpgsqlCommand? _getById;
    private NpgsqlParameter<int>? _getByIdKey;
    private NpgsqlCommand? _list;
    private NpgsqlParameter<int>? _listOffset;
    private NpgsqlCommand? _insert;
    private NpgsqlBatch? _insertBatch;

    public RawNpgsqlContender(string connectionString, bool prepare, int batchSize)
    {
        // No auto-prepare: the prepared variant prepares explicitly, the unprepared one must stay unprepared.
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.ConnectionStringBuilder.Pooling = true;
        builder.ConnectionStringBuilder.MaxAutoPrepare = 0;
        builder.ConnectionStringBuilder.ApplicationName = prepare ? "bench-raw-prepared" : "bench-raw-unprepared";
        _dataSource = builder.Build();
        _prepare = prepare;
        _batchSize = batchSize;
    }

    private NpgsqlConnection Connection => _connection ?? throw new InvalidOperationException("Call OpenAsync first.");

    public async Task OpenAsync(CancellationToken cancellationToken)
    {
        _connection = await _dataSource.OpenConnectionAsync(cancellationToken);

        _getByIdKey = new NpgsqlParameter<int>();
        _getById = new NpgsqlCommand(BenchSql.GetById, _connection) { Parameters = { _getByIdKey } };
        _listOffset = new NpgsqlParameter<int>();
        _list = new NpgsqlCommand(BenchSql.List, _connection) { Parameters = { _listOffset } };
        _insert = new NpgsqlCommand(BenchSql.Insert, _connection);
        AddInsertParameters(_insert.Parameters);
        _insertBatch = new NpgsqlBatch(_connection);
        for (var i = 0; i < _batchSize; i++)
        {
            var command = new NpgsqlBatchCommand(BenchSql.Insert);
            AddInsertParameters(command.Parameters);
            _insertBatch.BatchCommands.Add(command);
        }

        await OpenDocumentsAsync(cancellationToken);
        await OpenRelationsAsync(cancellationToken);
        if (!_prepare)
            return;
        // Preparing needs parameter types only; values are set per execution.
        await _getById.PrepareAsync(cancellationToken);
        await _list.PrepareAsync(cancellationToken);
        await _insert.PrepareAsync(cancellationToken);
        await _insertBatch.PrepareAsync(cancellationToken);
    }

    public async Task<long> GetByIdAsync(int[] keys, int count, CancellationToken cancellationToken)
    {
        long checksum = 0;
        for (var i = 0; i < count; i++)
        {
            _getByIdKey!.TypedValue = keys[i];
            await using var reader = await _getById!.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
                checksum += Read(reader).Id;
        }

        return checksum;
    }

    public async Task<long> ListAsync(int[] offsets, int count, CancellationToken cancellationToken)
    {
        long checksum = 0;
        for (var i = 0; i < count; i++)
        {
            _listOffset!.TypedValue = offsets[i];
            var page = new List<UserRow>(BenchData.PageSize);
            await using (var reader = await _list!.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                    page.Add(Read(reader));
            }

            foreach (var user in page)
                checksum += user.Id;
        }

        return checksum;
    }

    public async Task<long> InsertRowsAsync(UserRow[] rows, int count, CancellationToken cancellationToken)
    {
        await using var transaction = await Connection.BeginTransactionAsync(cancellationToken);
        var parameters = _insert!.Parameters;
        for (var i = 0; i < count; i++)
        {
            SetInsertValues(parameters, rows[i]);
            await _insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return count;
    }

    public async Task<long> InsertBatchedAsync(UserRow[] rows, int count, CancellationToken cancellationToken)
    {
        if (count % _batchSize != 0)
            throw new ArgumentException($"The row count {count} is not a multiple of the batch size {_batchSize}.", nameof(count));
        await using var transaction = await Connection.BeginTransactionAsync(cancellationToken);
        var commands = _insertBatch!.BatchCommands;
        for (var start = 0; start < count; start += _batchSize)
        {
            for (var j = 0; j < _batchSize; j++)
                SetInsertValues(commands[j].Parameters, rows[start + j]);
            await _insertBatch.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return count;
    }

    public async Task<long> CopyAsync(UserRow[] rows, int count, CancellationToken cancellationToken)
    {
        await using var transaction = await Connection.BeginTransactionAsync(cancellationToken);
        await using (var importer = await Connection.BeginBinaryImportAsync(BenchSql.Copy, cancellationToken))
        {
            for (var i = 0; i < count; i++)
            {
                var row = rows[i];
                await importer.StartRowAsync(cancellationToken);
                await importer.WriteAsync(row.Id, NpgsqlDbType.Integer, cancellationToken);
                await importer.WriteAsync(row.Name, NpgsqlDbType.Text, cancellationToken);
                await importer.WriteAsync(row.Email, NpgsqlDbType.Text, cancellationToken);
                await importer.WriteAsync(row.CreatedAt, NpgsqlDbType.TimestampTz, cancellationToken);
            }

            await importer.CompleteAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return count;
    }

    /// <summary>Server-side prepared statements on this contender's connection (a diagnostic, never timed).</summary>
    public async Task<long> CountPreparedStatementsAsync(CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(BenchSql.CountPrepared, Connection);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async ValueTask DisposeAsync()
    {
        await DisposeDocumentsAsync();
        await DisposeRelationsAsync();
        if (_insertBatch is not null)
            await _insertBatch.DisposeAsync();
        if (_insert is not null)
            await _insert.DisposeAsync();
        if (_list is not null)
            await _list.DisposeAsync();
        if (_getById is not null)
            await _getById.DisposeAsync();
        if (_connection is not null)
            await _connection.DisposeAsync();
        await _dataSource.DisposeAsync();
    }

    private static UserRow Read(NpgsqlDataReader reader) => new()
    {
        Id = reader.GetInt32(0),
        Name = reader.GetString(1),
        Email = reader.GetString(2),
        CreatedAt = reader.GetFieldValue<DateTime>(3),
    };

    private static void AddInsertParameters(NpgsqlParameterCollection parameters)
    {
        parameters.Add(new NpgsqlParameter<int>());
        parameters.Add(new NpgsqlParameter<string>());
        parameters.Add(new NpgsqlParameter<string>());
        parameters.Add(new NpgsqlParameter<DateTime> { NpgsqlDbType = NpgsqlDbType.TimestampTz });
    }

    private static void SetInsertValues(NpgsqlParameterCollection parameters, UserRow row)
    {
        ((NpgsqlParameter<int>)parameters[0]).TypedValue = row.Id;
        ((NpgsqlParameter<string>)parameters[1]).TypedValue = row.Name;
        ((NpgsqlParameter<string>)parameters[2]).TypedValue = row.Email;
        ((NpgsqlParameter<DateTime>)parameters[3]).TypedValue = row.CreatedAt;
    }
}
