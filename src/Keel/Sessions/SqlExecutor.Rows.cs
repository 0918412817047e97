using Npgsql;

namespace Keel;

/// <summary>
/// Reading rows with a reader chosen once per result: by column name (<see cref="Materializer{T}"/>, for any SQL)
/// or by ordinal (an entity map's compiled reader, for SQL whose select list Keel wrote).
/// </summary>
public abstract partial class SqlExecutor
{
    /// <summary>All rows of a query, each read by the reader <paramref name="choose"/> picks for the result.</summary>
    internal Task<IReadOnlyList<T>> QueryRowsAsync<T>(Sql sql, CommandOptions options, Func<NpgsqlDataReader, Func<NpgsqlDataReader, T>> choose, CancellationToken cancellationToken)
    {
        var session = Owner;
        return session.Executor.RunAsync(session, sql, options, "query", choose, static async (command, choose, ct) =>
        {
            var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var rows = new List<T>();
                if (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    var read = choose(reader);
                    do
                    {
                        rows.Add(read(reader));
                    }
                    while (await reader.ReadAsync(ct).ConfigureAwait(false));
                }

                return ((IReadOnlyList<T>)rows, (long)rows.Count);
            }
        }, cancellationToken);
    }

    /// <summary>Hands every row of a query to <paramref name="row"/> as it is read, keeping no list of them.</summary>
    internal Task<long> ForEachRowAsync(Sql sql, CommandOptions options, Action<NpgsqlDataReader> row, CancellationToken cancellationToken)
    {
        var session = Owner;
        return session.Executor.RunAsync(session, sql, options, "query", row, static async (command, row, ct) =>
        {
            var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                long count = 0;
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    row(reader);
                    count++;
                }

                return (count, count);
            }
        }, cancellationToken);
    }

    /// <summary>At most one row (none gives <c>default</c>; more than one throws), read by the reader <paramref name="choose"/> picks.</summary>
    internal Task<T?> QuerySingleRowAsync<T>(Sql sql, CommandOptions options, Func<NpgsqlDataReader, Func<NpgsqlDataReader, T>> choose, CancellationToken cancellationToken)
    {
        var session = Owner;
        return session.Executor.RunAsync(session, sql, options, "query", choose, static async (command, choose, ct) =>
        {
            var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                if (!await reader.ReadAsync(ct).ConfigureAwait(false))
                    return (default(T), 0L);
                var row = choose(reader)(reader);
                if (await reader.ReadAsync(ct).ConfigureAwait(false))
                    throw new KeelException($"The query returned more than one row where at most one was expected: {command.CommandText}");
                return ((T?)row, 1L);
            }
        }, cancellationToken);
    }
}
