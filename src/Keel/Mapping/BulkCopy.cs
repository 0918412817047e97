using Npgsql;
using NpgsqlTypes;

namespace Keel;

/// <summary>
/// The binary COPY passes that store one batch of entities, in order. A table of its own (a plain entity, a
/// table-per-concrete-type type without subtypes) takes one pass, streamed, and so does a single table, whose rows
/// carry their discriminator and NULLs in the columns of types they are not. A table-per-concrete-type map with
/// subtypes takes a pass per concrete table. Joined tables take the base rows of every entity, then each table below,
/// parents first, under keys fixed once per entity so every row of an entity agrees: given or fresh Guid keys as an
/// insert writes them, identity or default keys drawn from the server first (<see cref="KeyDraws"/>). Every row of a
/// multi-tenant entity leads with the load's tenant. Built per load; it sends no command itself.
/// </summary>
internal sealed class BulkCopy<T>
    where T : class
{
    private readonly EntityMap<T> _map;
    private readonly InheritanceStrategy? _strategy;
    private readonly IReadOnlyList<CopyShape<T>> _shapes;
    private readonly Dictionary<ISubtypeMap<T>, int> _subtypeIndex = [];
    private readonly string _discriminator;
    private readonly string? _tenant;
    private readonly IEnumerable<T> _entities;
    private readonly DateTimeOffset _now;
    private readonly T[] _batch = [];
    private readonly int[] _shapeOf = [];
    private readonly Array[] _keys = [];

    public BulkCopy(EntityMap<T> map, IEnumerable<T> entities, string? tenant, DateTimeOffset now)
    {
        _map = map;
        _entities = entities;
        _tenant = tenant;
        _now = now;
        _strategy = map.Hierarchy?.Strategy ?? map.Parent?.Strategy;
        if (map.Hierarchy is { } hierarchy)
        {
            _shapes = [.. hierarchy.Subtypes.Select(s => s.CopyShape)];
            _subtypeIndex = hierarchy.Subtypes.Select((s, i) => (s, i)).ToDictionary(p => p.s, p => p.i);
        }
        else
        {
            _shapes = [map.CopyShape];
        }

        _discriminator = _shapes[0].Lineage[^1].Parent?.Discriminator ?? string.Empty;

        // Joined tables and a table-per-concrete-type map with subtypes read the batch once per table, so it is held.
        if (_strategy == InheritanceStrategy.JoinedTables || (_strategy == InheritanceStrategy.TablePerConcreteType && map.Hierarchy is not null))
        {
            _batch = [.. entities];
            _shapeOf = [.. _batch.Select(e => ShapeOf(e ?? throw new ArgumentNullException(nameof(entities))))];
            foreach (var entity in _batch)
                map.CheckTenant(entity, tenant);
        }

        if (_strategy == InheritanceStrategy.JoinedTables)
            (_keys, KeyDraws) = FixKeys();
    }

    /// <summary>For joined tables, the keys the server numbers: the key's position and <c>SELECT array_remove(array_agg(nextval(...)), NULL) ...</c>, to run before the passes.</summary>
    public IReadOnlyList<(int Key, Sql Draw)> KeyDraws { get; } = [];

    /// <summary>The hierarchy's root map (this map outside a hierarchy), whose table a joined load fills first.</summary>
    private IHierarchyNode Root => _shapes[0].Lineage[0];

    /// <summary>Takes the values a <see cref="KeyDraws"/> statement drew for key <paramref name="key"/>, one per entity.</summary>
    /// <exception cref="InvalidOperationException">The server drew none (no identity or serial sequence behind the key).</exception>
    public void UseKeys(int key, Array? values)
    {
        var column = _map.Keys[key];
        if (values is null || values.Length != _batch.Length)
            throw new InvalidOperationException($"{typeof(T).Name}'s key {column.Property.Name} is numbered by the server, but {Root.QualifiedTable.Text}.{column.Quoted} has no identity or serial sequence to draw from, so a bulk load cannot give the base and subtype rows the same keys. Make the column an identity, or give the key a default with HasDefaultSql(\"nextval('...')\").");
        _keys[key] = values;
    }

    /// <summary>The COPY passes, in the order they must run.</summary>
    public IReadOnlyList<CopyPass> Passes()
        => _strategy switch
        {
            InheritanceStrategy.SingleTable => [SingleTable()],
            InheritanceStrategy.JoinedTables => [JoinedBase(), .. Levels().Select(JoinedLevel)],
            InheritanceStrategy.TablePerConcreteType when _map.Hierarchy is not null
                => [.. _shapes.Select((s, i) => (s, i)).Where(p => _shapeOf.Contains(p.i)).Select(p => OwnTable(p.s, Members(p.i)))],
            _ => [OwnTable(_shapes[0], _entities)],
        };

    private CopyPass OwnTable(CopyShape<T> shape, IEnumerable<T> rows)
    {
        var fields = Writers(shape, shape.CopyColumns);
        return new(shape.Table, [.. TenantName, .. Names(shape.CopyColumns)], true, async (importer, wrote, ct) =>
        {
            foreach (var entity in rows)
            {
                await StartRowAsync(importer, entity, ct).ConfigureAwait(false);
                await WriteAsync(importer, fields, entity, ct).ConfigureAwait(false);
                wrote();
            }
        });
    }

    /// <summary>One COPY of the columns any of the types writes; a type's row has NULL in the columns it does not have.</summary>
    private CopyPass SingleTable()
    {
        var columns = _shapes.SelectMany(s => s.CopyColumns).Distinct().ToList();
        var fields = _shapes.Select(s => columns.Select(c => s.CopyColumns.Contains(c) ? s.Writer(c, _now) : null).ToArray()).ToList();
        return new(_map.QualifiedTable, [_discriminator, .. TenantName, .. Names(columns)], true, async (importer, wrote, ct) =>
        {
            foreach (var entity in _entities)
            {
                ArgumentNullException.ThrowIfNull(entity, "entities");
                var index = ShapeOf(entity);
                await importer.StartRowAsync(ct).ConfigureAwait(false);
                await importer.WriteAsync(_shapes[index].Value!, NpgsqlDbType.Text, ct).ConfigureAwait(false);
                await WriteTenantAsync(importer, entity, ct).ConfigureAwait(false);
                await WriteAsync(importer, fields[index], entity, ct).ConfigureAwait(false);
                wrote();
            }
        });
    }

    private CopyPass JoinedBase()
    {
        var shared = _shapes[0].CopyColumns.Where(c => Root.Columns.Contains(c) && !c.IsKey).ToList();
        var fields = _shapes.Select(s => Writers(s, shared)).ToList();
        return new(Root.QualifiedTable, [_discriminator, .. TenantName, .. Names(_map.Keys), .. Names(shared)], true, async (importer, wrote, ct) =>
        {
            for (var n = 0; n < _batch.Length; n++)
            {
                await importer.StartRowAsync(ct).ConfigureAwait(false);
                await importer.WriteAsync(_shapes[_shapeOf[n]].Value!, NpgsqlDbType.Text, ct).ConfigureAwait(false);
                await WriteTenantAsync(importer, _batch[n], ct).ConfigureAwait(false);
                await WriteKeysAsync(importer, n, ct).ConfigureAwait(false);
                await WriteAsync(importer, fields[_shapeOf[n]], _batch[n], ct).ConfigureAwait(false);
                wrote();
            }
        });
    }

    /// <summary>The rows of one table below the base: the key and that level's own columns, for every entity whose chain has the table.</summary>
    private CopyPass JoinedLevel(IHierarchyNode level)
    {
        var own = level.OwnColumns.Where(c => c.IsInserted).ToList();
        var fields = _shapes.Select(s => s.Lineage.Contains(level) ? Writers(s, own) : []).ToList();
        return new(level.QualifiedTable, [.. TenantName, .. Names(_map.Keys), .. Names(own)], false, async (importer, wrote, ct) =>
        {
            for (var n = 0; n < _batch.Length; n++)
            {
                if (!_shapes[_shapeOf[n]].Lineage.Contains(level))
                    continue;
                await importer.StartRowAsync(ct).ConfigureAwait(false);
                await WriteTenantAsync(importer, _batch[n], ct).ConfigureAwait(false);
                await WriteKeysAsync(importer, n, ct).ConfigureAwait(false);
                await WriteAsync(importer, fields[_shapeOf[n]], _batch[n], ct).ConfigureAwait(false);
                wrote();
            }
        });
    }

    /// <summary>The tables below the base that some entity of the batch has rows in, parents before their children (their foreign keys point up).</summary>
    private IEnumerable<IHierarchyNode> Levels()
        => _shapeOf.Distinct().SelectMany(i => _shapes[i].Lineage.Skip(1).Select((map, depth) => (map, depth)))
            .DistinctBy(p => p.map).OrderBy(p => p.depth).Select(p => p.map);

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
            : (Sql)$"nextval(pg_get_serial_sequence({Root.QualifiedTable.Text}, {key.Name}))::{type}";
        return $"SELECT array_remove(array_agg({value}), NULL) FROM generate_series(1, {_batch.Length})";
    }

    /// <summary>The tenant column's name, first among a multi-tenant table's COPY columns (none otherwise).</summary>
    private string[] TenantName => _map.Tenant is { } tenant ? [tenant.Name] : [];

    /// <summary>Starts a row of a table of its own with its tenant, refusing a null entity.</summary>
    private async Task StartRowAsync(NpgsqlBinaryImporter importer, T entity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity, "entities");
        await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
        await WriteTenantAsync(importer, entity, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the load's tenant for a multi-tenant entity (refusing an entity that names another tenant); nothing otherwise.</summary>
    private Task WriteTenantAsync(NpgsqlBinaryImporter importer, T entity, CancellationToken cancellationToken)
    {
        if (_tenant is null)
            return Task.CompletedTask;
        _map.CheckTenant(entity, _tenant);
        return importer.WriteAsync(_tenant, NpgsqlDbType.Text, cancellationToken);
    }

    private async Task WriteKeysAsync(NpgsqlBinaryImporter importer, int entity, CancellationToken cancellationToken)
    {
        for (var k = 0; k < _keys.Length; k++)
            await _map.WriteKeyFieldAsync(importer, k, _keys[k].GetValue(entity), cancellationToken).ConfigureAwait(false);
    }

    private Func<NpgsqlBinaryImporter, T, CancellationToken, Task>[] Writers(CopyShape<T> shape, IEnumerable<EntityColumn> columns)
        => [.. columns.Select(c => shape.Writer(c, _now))];

    /// <summary>Writes one field per writer; a missing writer (a column of another type) writes NULL.</summary>
    private static async Task WriteAsync(NpgsqlBinaryImporter importer, Func<NpgsqlBinaryImporter, T, CancellationToken, Task>?[] fields, T entity, CancellationToken cancellationToken)
    {
        for (var i = 0; i < fields.Length; i++)
            await (fields[i]?.Invoke(importer, entity, cancellationToken) ?? importer.WriteNullAsync(cancellationToken)).ConfigureAwait(false);
    }

    private IEnumerable<T> Members(int shape)
    {
        for (var n = 0; n < _batch.Length; n++)
        {
            if (_shapeOf[n] == shape)
                yield return _batch[n];
        }
    }

    /// <summary>The shape of <paramref name="entity"/>'s type (an entity of an unmapped type is refused by <see cref="EntityHierarchy{T}.SubtypeOf"/>).</summary>
    private int ShapeOf(T entity) => _map.Hierarchy is { } hierarchy ? _subtypeIndex[hierarchy.SubtypeOf(entity)] : 0;

    private static string[] Names(IEnumerable<EntityColumn> columns) => [.. columns.Select(c => c.Name)];
}
