using System.Buffers;
using System.Runtime.CompilerServices;
using Npgsql;

namespace Keel;

/// <summary>
/// Reading rows with a reader chosen once per result: by column name (<see cref="Materializer{T}"/>, for any SQL)
/// or by ordinal (an entity map's compiled reader, for SQL whose select list Keel wrote).
/// </summary>
public abstract partial class SqlExecutor
{
    /// <summary>
    /// All rows of a query, each read by the reader <paramref name="choose"/> picks for the result, in an array of
    /// exactly the rows read (gathered in a pooled buffer, so a growing list leaves no discarded arrays behind).
    /// </summary>
    internal Task<IReadOnlyList<T>> QueryRowsAsync<T>(Sql sql, CommandOptions options, Func<NpgsqlDataReader, Func<NpgsqlDataReader, T>> choose, CancellationToken cancellationToken)
    {
        var session = Owner;
        return session.Executor.RunAsync(session, sql, options, "query", choose, static async (command, choose, ct) =>
        {
            var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                if (!await reader.ReadAsync(ct).ConfigureAwait(false))
                    return ((IReadOnlyList<T>)[], 0L);
                var read = choose(reader);
                var buffer = ArrayPool<T>.Shared.Rent(16);
                var count = 0;
                try
                {
                    do
                    {
                        if (count == buffer.Length)
                            buffer = Grow(buffer);
                        buffer[count++] = read(reader);
                    }
                    while (await reader.ReadAsync(ct).ConfigureAwait(false));

                    return ((IReadOnlyList<T>)buffer.AsSpan(0, count).ToArray(), (long)count);
                }
                finally
                {
                    if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
                        buffer.AsSpan(0, count).Clear();
                    ArrayPool<T>.Shared.Return(buffer);
                }
            }
        }, cancellationToken);

        static T[] Grow(T[] buffer)
        {
            var larger = ArrayPool<T>.Shared.Rent(buffer.Length * 2);
            buffer.AsSpan().CopyTo(larger);
            if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
                buffer.AsSpan().Clear();
            ArrayPool<T>.Shared.Return(buffer);
            return larger;
        }
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
