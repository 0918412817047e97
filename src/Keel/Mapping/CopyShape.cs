using Npgsql;

namespace Keel;

/// <summary>
/// How a bulk load writes the entities of one concrete type: its discriminator value (in a hierarchy), its own table,
/// its maps from the hierarchy's root down (the tables of a joined chain), the columns COPY fills for it, and the
/// writer of a column's field for a load at a given time (see <see cref="EntityMap{T}.CopyWriter"/>).
/// </summary>
internal sealed record CopyShape<T>(
    string? Value,
    Sql Table,
    IReadOnlyList<IHierarchyNode> Lineage,
    IReadOnlyList<EntityColumn> CopyColumns,
    Func<EntityColumn, DateTimeOffset, Func<NpgsqlBinaryImporter, T, CancellationToken, Task>> Writer);
