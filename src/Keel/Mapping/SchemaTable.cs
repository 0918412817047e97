namespace Keel;

/// <summary>
/// One table of a mapped hierarchy as the schema builder sees it: the single table (discriminator, the root's
/// columns, every subtype's columns made nullable), the joined base and subtype tables (a subtype table holds the
/// key, referencing the base ON DELETE CASCADE, and its own columns), or a concrete type's complete table. Keys may
/// be composite in every layout.
/// Maps outside a hierarchy are their own table.
/// </summary>
internal sealed class SchemaTable : IEntityMap
{
    private readonly IEntityMap _map;
    private readonly HashSet<EntityColumn> _nullable;
    private readonly EntityForeignKey? _toBase;

    private SchemaTable(IEntityMap map, IReadOnlyList<EntityColumn> columns, string? discriminator, IEnumerable<EntityColumn> nullable, IEnumerable<IEntityMap> constraintsOf, EntityForeignKey? toBase, IReadOnlyList<IEntityMap>? ancestors = null)
    {
        _map = map;
        _toBase = toBase;
        Columns = columns;
        LeadingColumns = discriminator is null ? [] : [$"{discriminator} text NOT NULL"];
        _nullable = [.. nullable];
        var names = columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var maps = constraintsOf.ToList();
        Indexes = [.. maps.SelectMany(m => m.Indexes).Where(i => i.Columns.All(names.Contains)).DistinctBy(i => i.Name)];
        ForeignKeys = [.. maps.SelectMany(m => m.ForeignKeys).Where(f => columns.Contains(f.Column)).DistinctBy(f => f.Name), .. toBase is null ? [] : new[] { toBase }];
        // A joined subtype's map also carries its ancestors' checks; those belong to their tables.
        Checks = [.. maps.SelectMany(m => m.Checks).Where(c => ancestors is null || ancestors.All(a => a.Checks.All(r => r.Sql != c.Sql))).DistinctBy(c => c.Sql)];
    }

    /// <summary>Column definitions written before the mapped columns (the discriminator).</summary>
    public IReadOnlyList<string> LeadingColumns { get; }

    public Type EntityType => _map.EntityType;

    public string Schema => _map.Schema;

    public string Table => _map.Table;

    public Sql QualifiedTable => _map.QualifiedTable;

    public IReadOnlyList<EntityColumn> Columns { get; }

    public IReadOnlyList<EntityColumn> Keys => _map.Keys;

    public EntityColumn? SoftDelete => _map.SoftDelete;

    public IReadOnlyList<EntityNavigation> Navigations => _map.Navigations;

    public EntityTenant? Tenant => _map.Tenant;

    public string Touch => _map.Touch;

    public IReadOnlyList<EntityIndex> Indexes { get; }

    public IReadOnlyList<EntityCheck> Checks { get; }

    public IReadOnlyList<EntityForeignKey> ForeignKeys { get; }

    public EntityColumn? ColumnFor(string propertyName) => Columns.FirstOrDefault(c => c.Property.Name == propertyName);

    /// <summary>Whether the column is NOT NULL here: not when the table stores other subtypes' rows, which leave it NULL.</summary>
    public bool IsNotNull(EntityColumn column) => !column.IsNullable && !_nullable.Contains(column);

    /// <summary>Whether the server numbers the column here: not in a joined subtype table, whose key comes from the base row, nor with a default of its own (a shared sequence).</summary>
    public bool IsIdentity(EntityColumn column) => column.IsIdentity && column.DefaultSql is null && _toBase is null;

    /// <summary>The tables <paramref name="map"/> is created as: itself, none (a subtype, created with its root), or its hierarchy's tables.</summary>
    public static IEnumerable<IEntityMap> Of(IEntityMap map)
    {
        if (map is not IHierarchyNode node)
            return [map];
        if (node.Parent is not null)
            return [];
        if (node.RootStrategy is not { } strategy)
            return [map];
        var subtypes = node.SubtypeMaps;
        var own = subtypes.Select(s => ((IHierarchyNode)s).OwnColumns).ToList();
        if (strategy == InheritanceStrategy.TablePerConcreteType && map.Keys[0] is { IsIdentity: true, DefaultSql: null })
            throw new NotSupportedException($"{map.EntityType.Name}'s tables would number their keys apart, so keys would repeat across the hierarchy; use a Guid key, or draw every table's key from one sequence with HasDefaultSql(\"nextval('...')\").");
        return strategy switch
        {
            InheritanceStrategy.SingleTable => [new SchemaTable(map, [.. map.Columns, .. own.SelectMany(c => c)], node.RootDiscriminator, own.SelectMany(c => c), [map, .. subtypes], null)],
            InheritanceStrategy.JoinedTables =>
            [
                new SchemaTable(map, map.Columns, node.RootDiscriminator, [], [map], null),
                // A nested subtype's table references its parent's table, whose row goes with the base row.
                .. subtypes.Select((s, i) => new SchemaTable(
                    s, [.. map.Keys, .. own[i]], null, [], [s], new EntityForeignKey(Truncate($"{s.Table}_{string.Join('_', map.Keys.Select(k => k.Name))}_fkey"), map.Keys, ParentOf(s).EntityType, ReferentialAction.Cascade), Ancestors(s))),
            ],
            _ => [.. subtypes.Select(s => new SchemaTable(s, s.Columns, null, [], [s], null))],
        };
    }

    private static IEntityMap ParentOf(IEntityMap subtype) => ((IHierarchyNode)subtype).Parent!.Base;

    private static List<IEntityMap> Ancestors(IEntityMap subtype)
    {
        var ancestors = new List<IEntityMap>();
        for (var map = subtype; map is IHierarchyNode { Parent: { } parent }; map = parent.Base)
            ancestors.Add(parent.Base);
        return ancestors;
    }

    private static string Truncate(string name) => name.Length <= SqlIdentifiers.MaxIdentifierBytes ? name : name[..SqlIdentifiers.MaxIdentifierBytes];
}
