using Npgsql;

namespace Keel;

/// <summary>
/// One binary COPY of a bulk load: the table, its columns, whether its rows count as the entities loaded (a joined
/// subtype's rows are the second half of entities already counted), and the writer of its rows, which calls back after each row.
/// </summary>
internal sealed record CopyPass(Sql Table, IReadOnlyList<string> Columns, bool CountsEntities, Func<NpgsqlBinaryImporter, Action, CancellationToken, Task> WriteRows);
