using System.Linq.Expressions;
using Npgsql;

namespace Keel;

/// <summary>What a bulk load over binary COPY writes of an entity: its columns, each field, and keys drawn before the load.</summary>
internal sealed partial class EntityMap<T>
{
    private EntityColumn[]? _copyColumns;
    private Func<NpgsqlBinaryImporter, object?, CancellationToken, Task>[]? _keyCopyFields;

    /// <summary>The columns COPY writes, in select order: those an INSERT writes from the entity, and the maintained ones.</summary>
    public IReadOnlyList<EntityColumn> CopyColumns => _copyColumns ??= [.. Columns.Where(c => c.IsInserted || c.Role is ColumnRole.Version or ColumnRole.CreatedAt or ColumnRole.UpdatedAt)];

    /// <summary>This map's entities as a bulk load writes them (a root's subtypes give their own).</summary>
    public CopyShape<T> CopyShape => new(Parent?.Value, QualifiedTable, Lineage, CopyColumns, CopyWriter);

    /// <summary>
    /// The writer of <paramref name="column"/>'s field in a load at <paramref name="now"/>: the entity's stored value,
    /// or what an INSERT would give a maintained column (version 1, the load's time). Taken once per load, so a row
    /// costs one call per field.
    /// </summary>
    public Func<NpgsqlBinaryImporter, T, CancellationToken, Task> CopyWriter(EntityColumn column, DateTimeOffset now)
        => column.Role switch
        {
            ColumnRole.Version => static (importer, _, ct) => importer.WriteAsync(1, ct),
            ColumnRole.CreatedAt or ColumnRole.UpdatedAt when column.StoreType == typeof(DateTime) || column.StoreType == typeof(DateTime?)
                => (importer, _, ct) => importer.WriteAsync(now.UtcDateTime, NpgsqlTypes.NpgsqlDbType.TimestampTz, ct),
            ColumnRole.CreatedAt or ColumnRole.UpdatedAt => (importer, _, ct) => importer.WriteAsync(now, ct),
            _ => _copyFields[IndexOf(column)],
        };

    /// <summary>Writes key column <paramref name="key"/> (by key order) from a stored value fixed before the load.</summary>
    public Task WriteKeyFieldAsync(NpgsqlBinaryImporter importer, int key, object? value, CancellationToken cancellationToken)
        => (_keyCopyFields ??= [.. Keys.Select(CompileKeyCopyField)])[key](importer, value, cancellationToken);

    /// <summary>The stored value of key column <paramref name="key"/> as an insert writes it: an empty Guid becomes a fresh version-7 id.</summary>
    public object? InsertedKey(int key, T entity)
    {
        var value = StoredValue(Keys[key], entity);
        return value is Guid id && id == Guid.Empty ? Guid.CreateVersion7() : value;
    }

    private static Func<NpgsqlBinaryImporter, object?, CancellationToken, Task> CompileKeyCopyField(EntityColumn column)
    {
        var importer = Expression.Parameter(typeof(NpgsqlBinaryImporter), "importer");
        var value = Expression.Parameter(typeof(object), "value");
        var token = Expression.Parameter(typeof(CancellationToken), "cancellationToken");
        var body = ColumnConversion.CopyField(column, importer, Expression.Convert(value, column.StoreType), token);
        return Expression.Lambda<Func<NpgsqlBinaryImporter, object?, CancellationToken, Task>>(body, importer, value, token).Compile();
    }
}
