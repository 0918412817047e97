using Npgsql;

namespace Keel;

/// <summary>
/// Where a map sits in a class hierarchy and the statements that differ because of it: the source reads select
/// from, the discriminator filter of a single-table subtype, the one-command writes across joined tables, and
/// deletes that span tables.
/// </summary>
internal sealed partial class EntityMap<T> : IHierarchyNode
{
    private const string BaseAlias = "b";
    private const string OwnAlias = "s";

    // " AND "kind" = 'article' AND "deleted_at" IS NULL": what the writes of this type's own rows check.
    private readonly string _ownLiveFilter;

    /// <summary>Set when this map is a subtype: its strategy, the map it derives from and its discriminator value.</summary>
    public InheritanceParent? Parent { get; }

    /// <summary>Set when this map is the root of a hierarchy, or a subtype with subtypes of its own.</summary>
    public EntityHierarchy<T>? Hierarchy { get; }

    /// <summary>The maps from the hierarchy's root down to this one (only this one, outside a hierarchy).</summary>
    public IReadOnlyList<IHierarchyNode> Lineage { get; }

    public InheritanceStrategy? RootStrategy => Hierarchy?.Strategy;

    public string? RootDiscriminator => Hierarchy?.Discriminator;

    /// <summary>What reads select from: the table, or (rows spread over several tables) a join or UNION ALL aliased like the root's table.</summary>
    public Sql Source { get; }

    /// <summary><c>"kind" = 'article'</c> for a single-table subtype (<c>"kind" IN ('article', 'featured')</c> with subtypes of its own); empty otherwise.</summary>
    public string TypeCondition { get; }

    /// <summary><c> AND "kind" = 'article'</c> for a single-table subtype (or the IN list of its subtree); empty otherwise.</summary>
    public string TypeFilter { get; }

    /// <summary>The columns this map adds to the type it derives from (all of them, for a map outside a hierarchy).</summary>
    public IReadOnlyList<EntityColumn> OwnColumns => Parent is null ? Columns : [.. Columns.Skip(Parent.Base.Columns.Count)];

    /// <summary>Every subtype map below this one, nested ones too, registered alongside the root.</summary>
    public IReadOnlyList<IEntityMap> SubtypeMaps => Hierarchy is null ? [] : [.. Hierarchy.Subtypes.Select(s => s.Map).Where(m => m != this)];

    public IReadOnlyList<IHierarchyNode> ConcreteMaps => Hierarchy is null ? [this] : [.. Hierarchy.Subtypes.Select(s => (IHierarchyNode)s.Map)];

    public ISubtypeMap<TBase> AsSubtypeOf<TBase>()
        where TBase : class
        => new SubtypeMap<TBase, T>(this);

    /// <summary>
    /// <c>"public"."contents" AS b JOIN "public"."articles" AS a1 ON a1."id" = b."id" JOIN "public"."featured_articles" AS s ON s."id" = b."id"</c>:
    /// the tables of a joined-tables map's chain from the root, each aliased as <see cref="JoinedColumn"/> reads it.
    /// </summary>
    public string JoinedFrom => $"{Lineage[0].QualifiedTable.Text} AS {BaseAlias}{ChainJoins(tables: true)}";

    /// <summary><c>(SELECT b."id", ..., s."body" FROM ... AS b JOIN ... AS s ON ...) AS "articles"</c>: this type's rows through its chain of tables (the rows of its subtypes included), inner-joined.</summary>
    public string ChainSource => _chainSource ??= $"(SELECT {JoinedReturning()}{ShadowTenantOf(BaseAlias)} FROM {JoinedFrom}) AS {SqlIdentifiers.Quote(Table)}";

    // Built on first use (the map's source, set-based writes through a joined subtype), then reused.
    private string? _chainSource;

    public string JoinedColumn(EntityColumn column)
    {
        var index = IndexOf(column);
        var level = 0;
        while (index >= Lineage[level].Columns.Count)
            level++;
        return LevelAlias(level) + "." + column.Quoted;
    }

    /// <summary>Whether <see cref="DeleteWhere"/> statements report their count as a scalar (a UNION ALL root deletes from every table in one command).</summary>
    public bool DeleteReturnsCount => Hierarchy?.Strategy == InheritanceStrategy.TablePerConcreteType;

    /// <summary>
    /// Deletes (or, with a soft-delete column and unless <paramref name="hard"/>, marks) the rows matching <paramref name="where"/>:
    /// <c>DELETE FROM t WHERE ...</c>; joined tables delete the base rows (subtype rows follow by ON DELETE CASCADE); a
    /// table-per-concrete-type root (or subtype with subtypes) deletes from every table in one statement and selects the count.
    /// </summary>
    public Sql DeleteWhere(Sql where, bool hard)
    {
        if (Hierarchy is { Strategy: InheritanceStrategy.TablePerConcreteType } hierarchy)
        {
            var deletes = hierarchy.Subtypes.Select((s, i) => (Sql)$"{Sql.Raw($"d{i}")} AS ({s.DeleteWhere(where, hard)} RETURNING 1)");
            var count = string.Join(" + ", hierarchy.Subtypes.Select((_, i) => $"(SELECT count(*) FROM d{i})"));
            return $"WITH {Sql.Join(", ", deletes)} SELECT ({Sql.Raw(count)})::integer";
        }

        return DeleteOwnRows(where, hard);
    }

    /// <summary><see cref="DeleteWhere"/> without the UNION ALL of a table per concrete type: the rows of this map's own table.</summary>
    public Sql DeleteOwnRows(Sql where, bool hard)
    {
        // A joined root's conditions name base columns only, so they apply to the base table as they are.
        var table = QualifiedTable;
        if (Parent is { Strategy: InheritanceStrategy.JoinedTables })
        {
            var keys = Sql.Raw(string.Join(", ", RowKeys));
            table = Lineage[0].QualifiedTable;
            where = $"({keys}) IN (SELECT {keys} FROM {Source} WHERE {where})";
        }

        if (hard || SoftDelete is not { } deletedAt)
            return $"DELETE FROM {table} WHERE {where}{Sql.Raw(TypeFilter)}";
        return $"UPDATE {table} SET {Sql.Raw(deletedAt.Quoted)} = now(){Sql.Raw(Touch)} WHERE {where}{Sql.Raw(LiveFilter)}";
    }

    /// <summary>
    /// Compiles a reader of <paramref name="layout"/> by ordinal, starting at column <paramref name="offset"/> (an entity
    /// joined into the middle of a row); null entries (the discriminator, other subtypes' columns) are skipped.
    /// </summary>
    public Func<NpgsqlDataReader, T> CompileReader(IReadOnlyList<EntityColumn?> layout, int offset = 0)
    {
        var names = new string[layout.Count];
        var types = new Type[layout.Count];
        for (var i = 0; i < layout.Count; i++)
        {
            var column = layout[i];
            // A name no property matches keeps the column out of the reader.
            names[i] = column?.Property.Name ?? "#" + i;
            types[i] = column is null ? typeof(object) : column.Kind == ColumnKind.Plain ? Nullable.GetUnderlyingType(column.Type) ?? column.Type : column.StoreType;
        }

        return RowReaderCompiler.Compile<T>(ColumnShape.Of(names, types), (reader, i) => layout[i] is { } column ? ColumnConversion.Read(column, reader, offset + i, Json) : null, offset);
    }

    /// <summary>The insert and the update of this map's entity, each ending with <paramref name="returning"/> as its result.</summary>
    public (StatementTemplate<T> Insert, StatementTemplate<T> Update) WriteTemplates(string returning)
    {
        if (Parent is { Strategy: InheritanceStrategy.JoinedTables } parent)
            return (JoinedInsert(parent, returning), JoinedUpdate(parent, returning));
        return (new StatementTemplate<T>(Suffixed(_insertBase, " RETURNING " + returning), _insertParameters), new StatementTemplate<T>(UpdateLiterals(returning), _updateParameters));
    }

    /// <summary>The own select list of a joined subtype's write: the base row's columns from b, each subtype level's from its table's alias.</summary>
    private string JoinedReturning() => string.Join(", ", Columns.Select(JoinedColumn));

    /// <summary>
    /// <c>"kind", "id", "title", ...</c>: what the base row's CTE hands on (polymorphic results read the discriminator
    /// from it, the rows below it their tenant).
    /// </summary>
    private string BaseReturning(InheritanceParent parent)
        => string.Join(", ", Lineage[0].Columns.Select(c => c.Quoted).Prepend(SqlIdentifiers.Quote(parent.Discriminator))) + ShadowTenantOf(null);

    /// <summary>The alias of level <paramref name="level"/> of <see cref="Lineage"/>: b for the root's table, s for this map's own, a1, a2, ... between.</summary>
    private string LevelAlias(int level)
        => level == 0 ? BaseAlias : level == Lineage.Count - 1 ? OwnAlias : "a" + level.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// <c> JOIN "public"."articles" AS s ON s."id" = b."id"</c> for every level below the root (the CTEs of a write,
    /// without <paramref name="tables"/>); rows match by key, and by tenant when rows belong to tenants (the same key
    /// may exist in two tenants).
    /// </summary>
    private string ChainJoins(bool tables)
    {
        var joins = new System.Text.StringBuilder();
        for (var level = 1; level < Lineage.Count; level++)
        {
            var alias = LevelAlias(level);
            joins.Append(" JOIN ").Append(tables ? Lineage[level].QualifiedTable.Text + " AS " + alias : alias)
                .Append(" ON ").Append(string.Join(" AND ", RowKeys.Select(k => $"{alias}.{k} = {BaseAlias}.{k}")));
        }

        return joins.ToString();
    }

    private static List<IHierarchyNode> LineageOf(IHierarchyNode map)
    {
        var lineage = new List<IHierarchyNode> { map };
        while (lineage[0].Parent is { } parent)
            lineage.Insert(0, (IHierarchyNode)parent.Base);
        return lineage;
    }

    /// <summary>
    /// <c>WITH b AS (INSERT INTO base ... RETURNING base columns), s AS (INSERT INTO subtype (id, ...) SELECT b.id, $n, ... FROM b RETURNING ...)
    /// SELECT ... FROM b JOIN s ON s.id = b.id</c>: both rows in one command, so the insert is atomic without a transaction.
    /// With a <paramref name="conflict"/> target each insert is an upsert (see <see cref="JoinedConflict"/>).
    /// </summary>
    private StatementTemplate<T> JoinedInsert(InheritanceParent parent, string returning, ConflictTarget? conflict = null)
    {
        var root = Lineage[0];
        var inserted = root.Columns.Where(c => c.IsInserted).ToList();
        var maintained = root.Columns.Where(c => c.Role is ColumnRole.Version or ColumnRole.CreatedAt or ColumnRole.UpdatedAt).ToList();
        var tenant = Tenant is null ? [] : new[] { Tenant.Quoted };
        var statement = new StatementBuilder<T>()
            .Text($"WITH {BaseAlias} AS (INSERT INTO {root.QualifiedTable.Text} AS t ({string.Join(", ", new[] { SqlIdentifiers.Quote(parent.Discriminator) }.Concat(tenant).Concat(inserted.Concat(maintained).Select(c => c.Quoted)))}) VALUES ('{parent.Value}'");
        if (Tenant is not null)
            statement.Text(", ").Tenant();
        foreach (var column in inserted)
            statement.Text(", ").Value(_insertValues[IndexOf(column)]);
        foreach (var column in maintained)
            statement.Text(column.Role == ColumnRole.Version ? ", 1" : ", now()");
        statement.Text($"){JoinedConflict(parent, conflict, 0)} RETURNING {BaseReturning(parent)})");
        // One CTE per table below the root's, each taking the key (and tenant) the base row got.
        var rowKeys = RowKeys.ToList();
        for (var level = 1; level < Lineage.Count; level++)
        {
            var columns = Lineage[level].OwnColumns;
            var own = columns.Where(c => c.IsInserted).ToList();
            statement.Text($", {LevelAlias(level)} AS (INSERT INTO {Lineage[level].QualifiedTable.Text} AS t ({string.Join(", ", rowKeys.Concat(own.Select(c => c.Quoted)))}) SELECT {string.Join(", ", rowKeys.Select(k => BaseAlias + "." + k))}");
            foreach (var column in own)
                statement.Text(", ").Value(_insertValues[IndexOf(column)]);
            statement.Text($" FROM {BaseAlias}{JoinedConflict(parent, conflict, level)} RETURNING {string.Join(", ", rowKeys.Concat(columns.Select(c => c.Quoted)))})");
        }

        return statement.Text($" SELECT {returning} FROM {BaseAlias}{ChainJoins(tables: false)}").Build();
    }

    /// <summary>
    /// The ON CONFLICT clause of a joined upsert's insert into level <paramref name="level"/> of <see cref="Lineage"/>:
    /// the base row arbitrates on <paramref name="conflict"/> and is taken over only when it is of this type (otherwise
    /// no row comes back and nothing is written), which also locks it; each table below, inserted under the key the base
    /// row ends with, arbitrates on that key. Empty for a plain insert.
    /// </summary>
    private string JoinedConflict(InheritanceParent parent, ConflictTarget? conflict, int level)
    {
        if (conflict is null)
            return string.Empty;
        var discriminator = SqlIdentifiers.Quote(parent.Discriminator);
        var set = UpsertSet(level == 0 ? Lineage[0].Columns : Lineage[level].OwnColumns);
        // An update must run even with nothing to change, so the row comes back for the other tables and the result.
        if (set.Count == 0)
            set.Add(level == 0 ? $"{discriminator} = t.{discriminator}" : $"{Keys[0].Quoted} = EXCLUDED.{Keys[0].Quoted}");
        return level == 0
            ? $" ON CONFLICT {conflict.Text} DO UPDATE SET {string.Join(", ", set)}{UpsertGuards(parent.Discriminator)}"
            : $" ON CONFLICT ({string.Join(", ", RowKeys)}) DO UPDATE SET {string.Join(", ", set)}";
    }

    /// <summary>
    /// <c>WITH b AS (UPDATE base SET ..., version = version + 1 WHERE id = $n AND version = $m AND kind = 'article' RETURNING ...),
    /// s AS (UPDATE subtype AS t SET ... FROM b WHERE t.id = b.id RETURNING ...) SELECT ... FROM b JOIN s ON s.id = b.id</c>, one
    /// CTE per table of the chain: a stale version matches no base row, so no table changes.
    /// </summary>
    private StatementTemplate<T> JoinedUpdate(InheritanceParent parent, string returning)
    {
        var root = Lineage[0];
        var set = root.Columns.Where(c => c.IsUpdated).ToList();
        var discriminator = SqlIdentifiers.Quote(parent.Discriminator);
        var statement = new StatementBuilder<T>().Text($"WITH {BaseAlias} AS (UPDATE {root.QualifiedTable.Text} AS t SET ");
        for (var i = 0; i < set.Count; i++)
            statement.Text((i == 0 ? string.Empty : ", ") + set[i].Quoted + " = ").Value(_values[IndexOf(set[i])]);
        // With nothing of its own to set, the base row is still locked and version-checked.
        statement.Text(set.Count == 0 && Touch.Length == 0 ? $"{discriminator} = t.{discriminator}" : set.Count == 0 ? Touch[2..] : Touch);
        for (var i = 0; i < Keys.Count; i++)
            statement.Text((i == 0 ? " WHERE " : " AND ") + Keys[i].Quoted + " = ").Value(_values[IndexOf(Keys[i])]);
        if (Version is not null)
            statement.Text($" AND {Version.Quoted} = ").Value(_values[IndexOf(Version)]);
        if (Tenant is not null)
            statement.Text($" AND {Tenant.Quoted} = ").Tenant();
        statement.Text($" AND {discriminator} = '{parent.Value}'{_ownLiveFilter} RETURNING {BaseReturning(parent)})");
        var rowKeys = RowKeys.ToList();
        var onBase = string.Join(" AND ", rowKeys.Select(k => $"t.{k} = {BaseAlias}.{k}"));
        for (var level = 1; level < Lineage.Count; level++)
        {
            var table = Lineage[level].QualifiedTable.Text;
            var ownList = string.Join(", ", rowKeys.Concat(Lineage[level].OwnColumns.Select(c => c.Quoted)).Select(c => "t." + c));
            var own = Lineage[level].OwnColumns.Where(c => c.IsUpdated).ToList();
            statement.Text($", {LevelAlias(level)} AS (");
            if (own.Count == 0)
            {
                statement.Text($"SELECT {ownList} FROM {table} AS t JOIN {BaseAlias} ON {onBase})");
                continue;
            }

            statement.Text($"UPDATE {table} AS t SET ");
            for (var i = 0; i < own.Count; i++)
                statement.Text((i == 0 ? string.Empty : ", ") + own[i].Quoted + " = ").Value(_values[IndexOf(own[i])]);
            statement.Text($" FROM {BaseAlias} WHERE {onBase} RETURNING {ownList})");
        }

        return statement.Text($" SELECT {returning} FROM {BaseAlias}{ChainJoins(tables: false)}").Build();
    }
}
