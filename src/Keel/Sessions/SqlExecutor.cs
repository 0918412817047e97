using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Npgsql;

namespace Keel;

/// <summary>
/// The commands a <see cref="KeelSession"/> and a <see cref="KeelTransaction"/> share. Write SQL as an interpolated
/// string; every hole becomes a parameter. Rows map to <c>T</c> by column name (snake_case aware) onto constructor
/// parameters or settable properties; a simple <c>T</c> (number, string, Guid, date…) reads the first column.
/// </summary>
public abstract partial class SqlExecutor
{
    private protected SqlExecutor()
    {
    }

    internal abstract KeelSession Owner { get; }

    /// <summary>Runs a statement and returns the number of rows it affected.</summary>
    public Task<int> ExecuteAsync(Sql sql, CancellationToken cancellationToken = default)
        => ExecuteAsync(sql, default, cancellationToken);

    /// <summary>Runs a statement with per-command options and returns the number of rows it affected.</summary>
    public Task<int> ExecuteAsync(Sql sql, CommandOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var session = Owner;
        return session.Executor.RunAsync(session, sql, options, "execute", 0, static async (command, _, ct) =>
        {
            var affected = await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            return (affected, (long)Math.Max(affected, 0));
        }, cancellationToken);
    }

    /// <summary>
    /// Sends several statements in one round trip and returns the total rows affected. Without an open transaction
    /// PostgreSQL applies the batch atomically (all statements or none).
    /// </summary>
    /// <exception cref="ArgumentException">The list is empty.</exception>
    public Task<int> ExecuteBatchAsync(IReadOnlyList<Sql> statements, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(statements);
        if (statements.Count == 0)
            throw new ArgumentException("A batch needs at least one statement.", nameof(statements));
        for (var i = 0; i < statements.Count; i++)
        {
            if (statements[i] is null)
                throw new ArgumentException($"Statement {i} of the batch is null.", nameof(statements));
        }

        var session = Owner;
        return session.Executor.RunBatchAsync(session, statements, cancellationToken);
    }

    /// <summary>
    /// Binary COPY into a table (<c>COPY table (columns) FROM STDIN (FORMAT BINARY)</c>): the fastest way in.
    /// <paramref name="write"/> writes each row with <see cref="NpgsqlBinaryImporter.StartRowAsync(CancellationToken)"/>
    /// and <c>WriteAsync</c>; Keel completes the import and returns the rows written. Table and column names are quoted.
    /// </summary>
    public Task<long> CopyInAsync(Sql table, IReadOnlyList<string> columns, Func<NpgsqlBinaryImporter, CancellationToken, Task> write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(write);
        if (table.ParameterCount != 0)
            throw new ArgumentException("The COPY target must be a table name (Sql.Identifier), without parameters.", nameof(table));
        if (columns.Count == 0)
            throw new ArgumentException("COPY needs at least one column.", nameof(columns));
        var command = $"COPY {table.Text} ({string.Join(", ", columns.Select(SqlIdentifiers.Quote))}) FROM STDIN (FORMAT BINARY)";
        var session = Owner;
        return session.Executor.RunCopyAsync(session, command, write, static (importer, write, ct) => write(importer, ct), cancellationToken);
    }

    /// <summary>Runs a query and returns all rows.</summary>
    public Task<IReadOnlyList<T>> QueryAsync<[DynamicallyAccessedMembers(Mapped.Members)] T>(Sql sql, CancellationToken cancellationToken = default)
        => QueryAsync<T>(sql, default, cancellationToken);

    /// <summary>Runs a query with per-command options (row locks, timeout) and returns all rows.</summary>
    public Task<IReadOnlyList<T>> QueryAsync<[DynamicallyAccessedMembers(Mapped.Members)] T>(Sql sql, CommandOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sql);
        return QueryRowsAsync(sql, options, Materializer<T>.For, cancellationToken);
    }

    /// <summary>Runs a query expected to return at most one row; none gives <c>default</c>, more than one throws.</summary>
    /// <exception cref="KeelException">The query returned more than one row.</exception>
    public Task<T?> QuerySingleOrDefaultAsync<[DynamicallyAccessedMembers(Mapped.Members)] T>(Sql sql, CancellationToken cancellationToken = default)
        => QuerySingleOrDefaultAsync<T>(sql, default, cancellationToken);

    /// <summary>Runs a query expected to return at most one row, with per-command options.</summary>
    /// <exception cref="KeelException">The query returned more than one row.</exception>
    public Task<T?> QuerySingleOrDefaultAsync<[DynamicallyAccessedMembers(Mapped.Members)] T>(Sql sql, CommandOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sql);
        return QuerySingleRowAsync(sql, options, Materializer<T>.For, cancellationToken);
    }

    /// <summary>Runs a query and returns the first column of the first row (<c>default</c> when there is no row or it is NULL).</summary>
    public Task<T?> ScalarAsync<T>(Sql sql, CancellationToken cancellationToken = default)
        => ScalarAsync<T>(sql, default, cancellationToken);

    /// <summary>Runs a query with per-command options and returns the first column of the first row.</summary>
    public Task<T?> ScalarAsync<T>(Sql sql, CommandOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var session = Owner;
        return session.Executor.RunAsync(session, sql, options, "scalar", 0, static async (command, _, ct) =>
        {
            var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SingleRow, ct).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                if (!await reader.ReadAsync(ct).ConfigureAwait(false))
                    return (default(T), 0L);
                return ((T?)ScalarReader<T>.Read(reader), 1L);
            }
        }, cancellationToken);
    }

    /// <summary>
    /// Streams rows one at a time without buffering the result: for large reads. The session is busy until the
    /// enumeration ends or is disposed.
    /// </summary>
    public IAsyncEnumerable<T> StreamAsync<[DynamicallyAccessedMembers(Mapped.Members)] T>(Sql sql, CancellationToken cancellationToken = default)
        => StreamAsync<T>(sql, default, cancellationToken);

    /// <summary>Streams rows one at a time, with per-command options.</summary>
    public IAsyncEnumerable<T> StreamAsync<[DynamicallyAccessedMembers(Mapped.Members)] T>(Sql sql, CommandOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sql);
        return Stream<T>(Owner, sql, options, cancellationToken);
    }

    private static async IAsyncEnumerable<T> Stream<[DynamicallyAccessedMembers(Mapped.Members)] T>(KeelSession session, Sql sql, CommandOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var scope = session.Executor.BeginStream(session, sql, options, out var command);
        long rows = 0;
        var finished = false;
        NpgsqlDataReader? reader = null;
        try
        {
            try
            {
                reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                finished = true;
                if (scope.Fail(session, e, cancellationToken) is { } replacement)
                    throw replacement;
                throw;
            }

            Func<NpgsqlDataReader, T>? read = null;
            while (true)
            {
                T row;
                try
                {
                    if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                        break;
                    read ??= Materializer<T>.For(reader);
                    row = read(reader);
                    rows++;
                }
                catch (Exception e)
                {
                    finished = true;
                    if (scope.Fail(session, e, cancellationToken) is { } replacement)
                        throw replacement;
                    throw;
                }

                yield return row;
            }
        }
        finally
        {
            // Also reached when the consumer stops early: the rows read so far are what the command returned.
            if (!finished)
                scope.Complete(rows);
            if (reader is not null)
                await reader.DisposeAsync().ConfigureAwait(false);
            await command.DisposeAsync().ConfigureAwait(false);
        }
    }
}
