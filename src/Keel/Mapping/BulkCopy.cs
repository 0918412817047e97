using Npgsql;
using NpgsqlTypes;

namespace Keel;

/// <summary>
/// The binary COPY passes that store one batch of entities, in order. A table of its own (a plain entity, a
/// table-per-concrete-type subtype) or a single table takes one pass, streamed; a single table's rows carry their
/// discriminator and NULLs in other subtypes' columns. A table-per-concrete-type root takes a pass per concrete table.
/// Joined tables take the base rows of every entity, then each subtype's rows, under keys fixed once per entity so both
/// rows agree: given or fresh Guid keys as an insert writes them, identity or default keys drawn from the server first
/// (<see cref="KeyDraws"/>). Built per load; it sends no command itself.
/// </summary>
internal sealed class BulkCopy<T>
    where T : class
{
    private readonly EntityMap<T> _map;
    private readonly InheritanceStrategy? _strategy;
    private readonly IReadOnlyList<CopyShape<T>> _shapes;
    private readonly HashSet<EntityColumn> _baseColumns;
    private readonly string _discriminator;
    private readonly IEnumerable<T> _entities;
    private readonly DateTimeOffset _now;
    private readonly T[] _batch = [];
    private readonly int[] _shapeOf = [];
    private readonly Array[] _keys = [];
    private readonly Dictionary<ISubtypeMap<T>, int> _subtypeIndex = [];

    public BulkCopy(EntityMap<T> map, IEnumerable<T> entities, DateTimeOffset now)
    {
        _map = map;
        _entities = entities;
        _now = now;
        _strategy = map.Hierarchy?.Strategy ?? map.Parent?.Strategy;
        if (map.Hierarchy is { } hierarchy)
        {
            _shapes = [.. hierarchy.Subtypes.Select(s => s.CopyShape)];
            _subtypeIndex = hierarchy.Subtypes.Select((s, i) => (s, i)).ToDictionary(p => p.s, p => p.i);
            _baseColumns = [.. map.Columns];
            _discriminator = ((IHierarchyNode)hierarchy.Subtypes[0].Map).Parent!.Discriminator;
        }
        else
        {
            _shapes = [map.CopyShape];
            _baseColumns = [.. map.Parent?.Base.Columns ?? []];
            _discriminator = map.Parent?.Discriminator ?? string.Empty;
        }

        // Joined tables and a table-per-concrete-type root read the batch once per table, so it is held.
        if (_strategy == InheritanceStrategy.JoinedTables || (_strategy == InheritanceStrategy.TablePerConcreteType && map.Hierarchy is not null))
        {
            _batch = [.. entities];
            _shapeOf = [.. _batch.Select(e => ShapeOf(e ?? throw new ArgumentNullException(nameof(entities))))];
        }

        if (_strategy == InheritanceStrategy.JoinedTables)
            (_keys, KeyDraws) = FixKeys();
    }

    /// <summary>For joined tables, the keys the server numbers: the key's position and <c>SELECT array_remove(array_agg(nextval(...)), NULL) ...</c>, to run before the passes.</summary>
    public IReadOnlyList<(int Key, Sql Draw)> KeyDraws { get; } = [];

    private Sql BaseTable => _map.Parent?.Base.QualifiedTable ?? _map.QualifiedTable;

    /// <summary>Takes the values a <see cref="KeyDraws"/> statement drew for key <paramref name="key"/>, one per entity.</summary>
    /// <exception cref="InvalidOperationException">The server drew none (no identity or serial sequence behind the key).</exception>
    public void UseKeys(int key, Array? values)
    {
        var column = _map.Keys[key];
        if (values is null || values.Length != _batch.Length)
            throw new InvalidOperationException($"{typeof(T).Name}'s key {column.Property.Name} is numbered by the server, but {BaseTable.Text}.{column.Quoted} has no identity or serial sequence to draw from, so a bulk load cannot give the base and subtype rows the same keys. Make the column an identity, or give the key a default with HasDefaultSql(\"nextval('...')\").");
        _keys[key] = values;
    }

    /// <summary>The COPY passes, in the order they must run.</summary>
    public IReadOnlyList<CopyPass> Passes()
        => _strategy switch
        {
            InheritanceStrategy.SingleTable => [SingleTable()],
            InheritanceStrategy.JoinedTables => [JoinedBase(), .. _shapes.Select((_, i) => i).Where(i => _shapeOf.Contains(i)).Select(JoinedOwn)],
            InheritanceStrategy.TablePerConcreteType when _map.Hierarchy is not null
                => [.. _shapes.Select((s, i) => (s, i)).Where(p => _shapeOf.Contains(p.i)).Select(p => OwnTable(p.s, Members(p.i)))],
            _ => [OwnTable(_shapes[0], _entities)],
        };

    private CopyPass OwnTable(CopyShape<T> shape, IEnumerable<T> rows)
    {
        var fields = Writers(shape, shape.CopyColumns);
        return new(shape.Table, Names(shape.CopyColumns), true, async (importer, wrote, ct) =>
        {
            foreach (var entity in rows)
            {
                ArgumentNullException.ThrowIfNull(entity, "entities");
                await importer.StartRowAsync(ct).ConfigureAwait(false);
                await WriteAsync(importer, fields, entity, ct).ConfigureAwait(false);
                wrote();
            }
        });
    }

    private CopyPass SingleTable()
    {
        var shared = _shapes[0].CopyColumns.Where(_baseColumns.Contains).ToList();
        var own = _shapes.Select(s => s.CopyColumns.Where(c => !_baseColumns.Contains(c)).ToList()).ToList();
        var sharedFields = _shapes.Select(s => Writers(s, shared)).ToList();
        var ownFields = _shapes.Select((s, i) => Writers(s, own[i])).ToList();
        return new(_map.QualifiedTable, [_discriminator, .. Names(shared), .. own.SelectMany(Names)], true, async (importer, wrote, ct) =>
        {
            foreach (var entity in _entities)
            {
                ArgumentNullException.ThrowIfNull(entity, "entities");
                var index = ShapeOf(entity);
                await importer.StartRowAsync(ct).ConfigureAwait(false);
                await importer.WriteAsync(_shapes[index].Value!, NpgsqlDbType.Text, ct).ConfigureAwait(false);
                await WriteAsync(importer, sharedFields[index], entity, ct).ConfigureAwait(false);
                for (var other = 0; other < own.Count; other++)
                {
                    if (other == index)
                        await WriteAsync(importer, ownFields[other], entity, ct).ConfigureAwait(false);
                    else
                        await WriteNullsAsync(importer, own[other].Count, ct).ConfigureAwait(false);
                }

                wrote();
            }
        });
    }

    private CopyPass JoinedBase()
    {
        var shared = _shapes[0].CopyColumns.Where(c => _baseColumns.Contains(c) && !c.IsKey).ToList();
        var fields = _shapes.Select(s => Writers(s, shared)).ToList();
        return new(BaseTable, [_discriminator, .. Names(_map.Keys), .. Names(shared)], true, async (importer, wrote, ct) =>
        {
            for (var n = 0; n < _batch.Length; n++)
            {
                await importer.StartRowAsync(ct).ConfigureAwait(false);
                await importer.WriteAsync(_shapes[_shapeOf[n]].Value!, NpgsqlDbType.Text, ct).ConfigureAwait(false);
                await WriteKeysAsync(importer, n, ct).ConfigureAwait(false);
                await WriteAsync(importer, fields[_shapeOf[n]], _batch[n], ct).ConfigureAwait(false);
                wrote();
            }
        });
    }

    private CopyPass JoinedOwn(int index)
    {
        var shape = _shapes[index];
        var own = shape.CopyColumns.Where(c => !_baseColumns.Contains(c)).ToList();
        var fields = Writers(shape, own);
        return new(shape.Table, [.. Names(_map.Keys), .. Names(own)], false, async (importer, wrote, ct) =>
        {
            for (var n = 0; n < _batch.Length; n++)
            {
                if (_shapeOf[n] != index)
                    continue;
                await importer.StartRowAsync(ct).ConfigureAwait(false);
                await WriteKeysAsync(importer, n, ct).ConfigureAwait(false);
                await WriteAsync(importer, fields, _batch[n], ct).ConfigureAwait(false);
                wrote();
            }
        });
    }

    /// <summary>Every key column's value per entity: given (a fresh Guid for an empty one) or left to a draw from the server.</summary>
    private (Array[] Keys, List<(int Key, Sql Draw)> Draws) FixKeys()
    {
        var keys = new Array[_map.Keys.Count];
        var draws = new List<(int, Sql)>();
        for (var k = 0; k < keys.Length; k++)
        {
            var column = _map.Keys[k];
            if (column.IsInserted)
                keys[k] = _batch.Select(e => _map.InsertedKey(k, e)).ToArray();
            else if (_batch.Length > 0)
                draws.Add((k, Draw(column)));
            else
                keys[k] = Array.Empty<object>();
        }

        return (keys, draws);
    }

    /// <summary>
    /// <c>SELECT array_remove(array_agg(nextval(pg_get_serial_sequence('"public"."contents"', 'id'))::integer), NULL) FROM generate_series(1, $n)</c>:
    /// one value per entity from an identity's sequence, or from the key's default SQL (a shared sequence).
    /// </summary>
    private Sql Draw(EntityColumn key)
    {
        var type = Sql.Raw(EntitySchema.ColumnType(key));
        Sql value = key.DefaultSql is { } defaultSql
            ? (Sql)$"({Sql.Raw(defaultSql)})::{type}"
            : (Sql)$"nextval(pg_get_serial_sequence({BaseTable.Text}, {key.Name}))::{type}";
        return $"SELECT array_remove(array_agg({value}), NULL) FROM generate_series(1, {_batch.Length})";
    }

    private async Task WriteKeysAsync(NpgsqlBinaryImporter importer, int entity, CancellationToken cancellationToken)
    {
        for (var k = 0; k < _keys.Length; k++)
            await _map.WriteKeyFieldAsync(importer, k, _keys[k].GetValue(entity), cancellationToken).ConfigureAwait(false);
    }

    private Func<NpgsqlBinaryImporter, T, CancellationToken, Task>[] Writers(CopyShape<T> shape, IEnumerable<EntityColumn> columns)
        => [.. columns.Select(c => shape.Writer(c, _now))];

    private static async Task WriteAsync(NpgsqlBinaryImporter importer, Func<NpgsqlBinaryImporter, T, CancellationToken, Task>[] fields, T entity, CancellationToken cancellationToken)
    {
        for (var i = 0; i < fields.Length; i++)
            await fields[i](importer, entity, cancellationToken).ConfigureAwait(false);
    }

    private static async Task WriteNullsAsync(NpgsqlBinaryImporter importer, int count, CancellationToken cancellationToken)
    {
        for (var i = 0; i < count; i++)
            await importer.WriteNullAsync(cancellationToken).ConfigureAwait(false);
    }

    private IEnumerable<T> Members(int shape)
    {
        for (var n = 0; n < _batch.Length; n++)
        {
            if (_shapeOf[n] == shape)
                yield return _batch[n];
        }
    }

    /// <summary>The shape of <paramref name="entity"/>'s subtype (a root's entity of an unmapped type is refused by <see cref="EntityHierarchy{T}.SubtypeOf"/>).</summary>
    private int ShapeOf(T entity) => _map.Hierarchy is { } hierarchy ? _subtypeIndex[hierarchy.SubtypeOf(entity)] : 0;

    private static string[] Names(IEnumerable<EntityColumn> columns) => [.. columns.Select(c => c.Name)];
}
