using Npgsql;

namespace Keel;

/// <summary>
/// How a bulk load writes the entities of one concrete type: its discriminator value (in a hierarchy), its own table,
/// the columns COPY fills for it, and the writer of one field of an entity (see <see cref="EntityMap{T}.WriteCopyFieldAsync"/>).
/// </summary>
internal sealed record CopyShape<T>(string? Value, Sql Table, IReadOnlyList<EntityColumn> CopyColumns, Func<NpgsqlBinaryImporter, EntityColumn, T, DateTimeOffset, CancellationToken, Task> Write);
