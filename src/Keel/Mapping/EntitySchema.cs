using System.Reflection;
using System.Text;

namespace Keel;

/// <summary>
/// DDL for a set of entity maps: one CREATE TABLE per entity (referenced tables first, foreign keys inline), its
/// indexes, an index on every foreign key column that no key or unique constraint already leads with, and the join
/// tables of many-to-many relations. Every statement is idempotent (IF NOT EXISTS), so it can run on each start-up.
/// </summary>
internal static partial class EntitySchema
{
    public static IReadOnlyList<string> Statements(IReadOnlyList<IEntityMap> mapped)
    {
        // A class hierarchy is created as the tables its strategy lays out.
        IReadOnlyList<IEntityMap> maps = [.. mapped.SelectMany(SchemaTable.Of)];
        var byType = Targets(mapped, maps);
        var foreignKeys = maps.ToDictionary(m => m, m => (IReadOnlyList<EntityForeignKey>)[.. m.ForeignKeys, .. CompositeForeignKeys(m, byType)]);
        var statements = new List<string>();
        foreach (var map in Ordered(maps, byType, foreignKeys))
        {
            statements.Add(CreateTable(map, byType, foreignKeys[map]));
            statements.AddRange(Indexes(map, byType, foreignKeys[map]));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var map in maps)
        {
            foreach (var navigation in map.Navigations)
            {
                if (!navigation.IsCollection || !byType.TryGetValue(navigation.TargetType, out var other) || !EntityPivot.IsManyToMany(map, other))
                    continue;
                if (map.Keys.Count > 1 || other.Keys.Count > 1)
                {
                    throw new NotSupportedException(
                        $"{map.EntityType.Name}.{navigation.Property.Name} is a many-to-many through an implicit join table, and a side's key is composite. " +
                        "Map the join table as an entity (an explicit pivot), which composite keys support.");
                }

                var pivot = EntityPivot.Between(map, other);
                if (seen.Add(pivot.Table))
                    statements.AddRange(pivot.Tenant is null ? PivotTable(pivot) : TenantPivotTable(pivot));
            }
        }

        return statements;
    }

    public static string ColumnType(EntityColumn column)
    {
        if (column.DeclaredType is { } declared)
            return declared;
        if (column.Kind == ColumnKind.Json)
            return "jsonb";
        var type = Nullable.GetUnderlyingType(column.StoreType) ?? column.StoreType;
        var element = type.IsArray ? type.GetElementType() : type.IsGenericType && type.GetGenericArguments() is [var e] ? e : null;
        if (element is not null && type != typeof(byte[]))
            return ScalarType(Nullable.GetUnderlyingType(element) ?? element, column) + "[]";
        return ScalarType(type, column);
    }

    private static string ScalarType(Type type, EntityColumn column)
    {
        if (type == typeof(int)) return "integer";
        if (type == typeof(long)) return "bigint";
        if (type == typeof(short)) return "smallint";
        if (type == typeof(string) || type == typeof(char)) return "text";
        if (type == typeof(bool)) return "boolean";
        if (type == typeof(decimal)) return "numeric";
        if (type == typeof(double)) return "double precision";
        if (type == typeof(float)) return "real";
        if (type == typeof(Guid)) return "uuid";
        if (type == typeof(DateTimeOffset) || type == typeof(DateTime)) return "timestamptz";
        if (type == typeof(DateOnly)) return "date";
        if (type == typeof(TimeOnly)) return "time";
        if (type == typeof(TimeSpan)) return "interval";
        if (type == typeof(byte[])) return "bytea";
        throw new NotSupportedException($"{column} has no default SQL type for {type.Name}; give it one with [Column(TypeName = ...)] or HasColumnType, or store it with [Jsonb].");
    }

    /// <summary>
    /// The foreign keys of reference navigations whose target has a composite key, by the same conventions relations
    /// use (<see cref="RelationKeys"/>); a single-column one is already among the map's own.
    /// </summary>
    private static IEnumerable<EntityForeignKey> CompositeForeignKeys(IEntityMap map, Dictionary<Type, IEntityMap> byType)
    {
        foreach (var navigation in map.Navigations)
        {
            if (navigation.IsCollection || !byType.TryGetValue(navigation.TargetType, out var target) || target.Keys.Count < 2)
                continue;
            var name = $"{map.EntityType.Name}.{navigation.Property.Name}";
            // No columns here: the key is on the target (a one-to-one), whose own map declares it.
            if (RelationKeys.ForeignKey(map, navigation.DeclaredForeignKeys, navigation.Property.Name, target, name) is not { } columns || !columns.All(map.Columns.Contains))
                continue;
            var action = navigation.Property.GetCustomAttribute<OnDeleteAttribute>()?.Action ?? ReferentialAction.NoAction;
            yield return new EntityForeignKey(Truncate($"{map.Table}_{string.Join('_', columns.Select(c => c.Name))}_fkey"), columns, navigation.TargetType, action);
        }
    }

    private static string CreateTable(IEntityMap map, Dictionary<Type, IEntityMap> byType, IReadOnlyList<EntityForeignKey> foreignKeys)
    {
        var lines = new List<string>(map is SchemaTable leading ? leading.LeadingColumns : []);
        if (map.Tenant is { } tenant && map.Columns.All(c => c.Name != tenant.Name))
            lines.Add($"{tenant.Quoted} text NOT NULL");
        foreach (var column in map.Columns)
        {
            var line = new StringBuilder(column.Quoted).Append(' ').Append(ColumnType(column));
            if (map is SchemaTable identity ? identity.IsIdentity(column) : column.IsIdentity)
                line.Append(" GENERATED BY DEFAULT AS IDENTITY");
            if (map is SchemaTable notNull ? notNull.IsNotNull(column) : !column.IsNullable)
                line.Append(" NOT NULL");
            var defaultSql = column.DefaultSql ?? column.Role switch
            {
                ColumnRole.Version => "1",
                ColumnRole.CreatedAt or ColumnRole.UpdatedAt => "now()",
                _ => null,
            };
            if (defaultSql is not null)
                line.Append(" DEFAULT ").Append(defaultSql);
            lines.Add(line.ToString());
        }

        lines.Add($"CONSTRAINT {SqlIdentifiers.Quote(Truncate(map.Table + "_pkey"))} PRIMARY KEY ({Quoted(KeyColumns(map))})");
        foreach (var unique in map.Indexes.Where(i => i.Unique))
            lines.Add($"CONSTRAINT {SqlIdentifiers.Quote(unique.Name)} UNIQUE ({Quoted(Tenanted(map, unique.Columns))})");
        foreach (var check in map.Checks)
            lines.Add($"CONSTRAINT {SqlIdentifiers.Quote(check.Name)} CHECK ({check.Sql})");
        foreach (var foreignKey in foreignKeys)
        {
            var target = byType.GetValueOrDefault(foreignKey.TargetType)
                ?? throw new InvalidOperationException($"{map.EntityType.Name}.{foreignKey.Column.Property.Name} references {foreignKey.TargetType.Name}, which is not mapped; add it with keel.Entities.Add<{foreignKey.TargetType.Name}>() before asking for the schema.");
            var (columns, referenced) = ForeignKeyColumns(map, foreignKey, target);
            var only = columns.Count > foreignKey.Columns.Count ? string.Join(", ", foreignKey.Columns.Select(c => c.Quoted)) : null;
            lines.Add($"CONSTRAINT {SqlIdentifiers.Quote(foreignKey.Name)} FOREIGN KEY ({Quoted(columns)}) REFERENCES {target.QualifiedTable.Text} ({Quoted(referenced)}) ON DELETE {Action(foreignKey.OnDelete, only)}");
        }

        return $"CREATE TABLE IF NOT EXISTS {map.QualifiedTable.Text} (\n    {string.Join(",\n    ", lines)})";
    }

    /// <summary>
    /// The table each foreign key target is created as: its own, or for a single-table subtype its hierarchy's one table
    /// (the database checks that the row exists, not its kind). A table-per-concrete-type root has no table to reference.
    /// </summary>
    /// <exception cref="InvalidOperationException">A foreign key references a table-per-concrete-type root.</exception>
    private static Dictionary<Type, IEntityMap> Targets(IReadOnlyList<IEntityMap> mapped, IReadOnlyList<IEntityMap> tables)
    {
        var byType = tables.ToDictionary(m => m.EntityType);
        foreach (var map in mapped)
        {
            if (map is IHierarchyNode { Parent: { Strategy: InheritanceStrategy.SingleTable } parent })
                byType.TryAdd(map.EntityType, byType[parent.Base.EntityType]);
        }

        var tableless = mapped.Where(m => m is IHierarchyNode { RootStrategy: InheritanceStrategy.TablePerConcreteType }).Select(m => m.EntityType).ToHashSet();
        foreach (var map in tables)
        {
            if (map.ForeignKeys.FirstOrDefault(f => tableless.Contains(f.TargetType)) is { } foreignKey)
                throw new InvalidOperationException($"{map.EntityType.Name}.{foreignKey.Column.Property.Name} references {foreignKey.TargetType.Name}, whose hierarchy is stored as a table per concrete type with no table of its own, so no foreign key can point at it. Reference one subtype's table instead (a navigation typed as the subtype), or map the hierarchy with SingleTable or JoinedTables.");
        }

        return byType;
    }

    private static IEnumerable<string> Indexes(IEntityMap map, Dictionary<Type, IEntityMap> byType, IReadOnlyList<EntityForeignKey> foreignKeys)
    {
        foreach (var index in map.Indexes.Where(i => !i.Unique))
        {
            var include = index.Include.Count == 0 ? string.Empty : $" INCLUDE ({Quoted(index.Include)})";
            var where = index.Where is null ? string.Empty : $" WHERE {index.Where}";
            yield return $"CREATE INDEX IF NOT EXISTS {SqlIdentifiers.Quote(index.Name)} ON {map.QualifiedTable.Text} ({Quoted(Tenanted(map, index.Columns))}){include}{where}";
        }

        // A foreign key's columns need an index for joins and for the referenced row's deletes, unless one leads with
        // them (with the tenant first when the key includes it).
        foreach (var foreignKey in foreignKeys)
        {
            var names = foreignKey.Columns.Select(c => c.Name).ToList();
            var columns = byType.TryGetValue(foreignKey.TargetType, out var target) ? ForeignKeyColumns(map, foreignKey, target).Columns : names;
            var covered = LeadsWith(KeyColumns(map), columns) || map.Indexes.Any(i => i.Where is null && LeadsWith(Tenanted(map, i.Columns), columns));
            if (!covered)
                yield return $"CREATE INDEX IF NOT EXISTS {SqlIdentifiers.Quote(Truncate($"{map.Table}_{string.Join('_', names)}_idx"))} ON {map.QualifiedTable.Text} ({Quoted(columns)})";
        }
    }

    /// <summary>Whether an index on <paramref name="columns"/> serves lookups by <paramref name="prefix"/> (it starts with them, in any order).</summary>
    private static bool LeadsWith(List<string> columns, List<string> prefix)
        => columns.Count >= prefix.Count && columns.Take(prefix.Count).All(prefix.Contains);

    private static IEnumerable<string> PivotTable(EntityPivot pivot)
    {
        var table = $"{SqlIdentifiers.Quote(pivot.Schema)}.{SqlIdentifiers.Quote(pivot.Table)}";
        var left = SqlIdentifiers.Quote(pivot.LeftColumn);
        var right = SqlIdentifiers.Quote(pivot.RightColumn);
        yield return $"CREATE TABLE IF NOT EXISTS {table} (\n"
            + $"    {left} {ColumnType(pivot.Left.Keys[0])} NOT NULL REFERENCES {pivot.Left.QualifiedTable.Text} ({pivot.Left.Keys[0].Quoted}) ON DELETE CASCADE,\n"
            + $"    {right} {ColumnType(pivot.Right.Keys[0])} NOT NULL REFERENCES {pivot.Right.QualifiedTable.Text} ({pivot.Right.Keys[0].Quoted}) ON DELETE CASCADE,\n"
            + $"    PRIMARY KEY ({left}, {right}))";
        yield return $"CREATE INDEX IF NOT EXISTS {SqlIdentifiers.Quote(Truncate($"{pivot.Table}_{pivot.RightColumn}_idx"))} ON {table} ({right})";
    }

    /// <summary>Referenced tables before the tables that reference them (self-references allowed; cycles refused).</summary>
    private static List<IEntityMap> Ordered(IReadOnlyList<IEntityMap> maps, Dictionary<Type, IEntityMap> byType, Dictionary<IEntityMap, IReadOnlyList<EntityForeignKey>> foreignKeys)
    {
        var ordered = new List<IEntityMap>();
        var state = new Dictionary<Type, bool>();
        foreach (var map in maps)
            Visit(map);
        return ordered;

        void Visit(IEntityMap map)
        {
            if (state.TryGetValue(map.EntityType, out var done))
            {
                if (!done)
                    throw new InvalidOperationException($"The foreign keys of {map.EntityType.Name} form a cycle; create one of them in a migration after both tables.");
                return;
            }

            state[map.EntityType] = false;
            foreach (var foreignKey in foreignKeys[map])
            {
                if (foreignKey.TargetType != map.EntityType && byType.TryGetValue(foreignKey.TargetType, out var target))
                    Visit(target);
            }

            state[map.EntityType] = true;
            ordered.Add(map);
        }
    }

    private static string Quoted(IEnumerable<string> columns) => string.Join(", ", columns.Select(SqlIdentifiers.Quote));

    /// <summary>
    /// The ON DELETE action; with <paramref name="only"/> (a foreign key that also holds the tenant), SET NULL and SET
    /// DEFAULT name the one column they change, so the tenant column keeps its value.
    /// </summary>
    private static string Action(ReferentialAction action, string? only = null) => action switch
    {
        ReferentialAction.Cascade => "CASCADE",
        ReferentialAction.Restrict => "RESTRICT",
        ReferentialAction.SetNull => only is null ? "SET NULL" : $"SET NULL ({only})",
        ReferentialAction.SetDefault => only is null ? "SET DEFAULT" : $"SET DEFAULT ({only})",
        _ => "NO ACTION",
    };

    private static string Truncate(string name) => name.Length <= SqlIdentifiers.MaxIdentifierBytes ? name : name[..SqlIdentifiers.MaxIdentifierBytes];
}
