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

    /// <summary>Set when this map is a subtype: its strategy, root and discriminator value.</summary>
    public InheritanceParent? Parent { get; }

    /// <summary>Set when this map is the root of a hierarchy.</summary>
    public EntityHierarchy<T>? Hierarchy { get; }

    public InheritanceStrategy? RootStrategy => Hierarchy?.Strategy;

    public string? RootDiscriminator => Hierarchy?.Discriminator;

    /// <summary>What reads select from: the table, or (rows spread over several tables) a join or UNION ALL aliased like the root's table.</summary>
    public Sql Source { get; }

    /// <summary><c>"kind" = 'article'</c> for a single-table subtype; empty otherwise.</summary>
    public string TypeCondition { get; }

    /// <summary><c> AND "kind" = 'article'</c> for a single-table subtype; empty otherwise.</summary>
    public string TypeFilter { get; }

    /// <summary>The columns this map adds to its root's (all of them, for a map outside a hierarchy).</summary>
    public IReadOnlyList<EntityColumn> OwnColumns => Parent is null ? Columns : [.. Columns.Skip(Parent.Base.Columns.Count)];

    /// <summary>The subtype maps of a root, registered alongside it.</summary>
    public IReadOnlyList<IEntityMap> SubtypeMaps => Hierarchy is null ? [] : [.. Hierarchy.Subtypes.Select(s => s.Map)];

    /// <summary>Whether <see cref="DeleteWhere"/> statements report their count as a scalar (a UNION ALL root deletes from every table in one command).</summary>
    public bool DeleteReturnsCount => Hierarchy?.Strategy == InheritanceStrategy.TablePerConcreteType;

    /// <summary>
    /// Deletes (or, with a soft-delete column and unless <paramref name="hard"/>, marks) the rows matching <paramref name="where"/>:
    /// <c>DELETE FROM t WHERE ...</c>; joined tables delete the base rows (subtype rows follow by ON DELETE CASCADE); a
    /// table-per-concrete-type root deletes from every table in one statement and selects the count.
    /// </summary>
    public Sql DeleteWhere(Sql where, bool hard)
    {
        if (Hierarchy is { Strategy: InheritanceStrategy.TablePerConcreteType } hierarchy)
        {
            var deletes = hierarchy.Subtypes.Select((s, i) => (Sql)$"{Sql.Raw($"d{i}")} AS ({s.DeleteWhere(where, hard)} RETURNING 1)");
            var count = string.Join(" + ", hierarchy.Subtypes.Select((_, i) => $"(SELECT count(*) FROM d{i})"));
            return $"WITH {Sql.Join(", ", deletes)} SELECT ({Sql.Raw(count)})::integer";
        }

        // A joined root's conditions name base columns only, so they apply to the base table as they are.
        var table = QualifiedTable;
        if (Parent is { Strategy: InheritanceStrategy.JoinedTables } joined)
        {
            var keys = Sql.Raw(string.Join(", ", Keys.Select(k => k.Quoted)));
            table = joined.Base.QualifiedTable;
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

    /// <summary>The own select list of a joined subtype's write: the base row's columns from b, the subtype's from s.</summary>
    private string JoinedReturning() => string.Join(", ", Columns.Select((c, i) => (i < Parent!.Base.Columns.Count ? BaseAlias : OwnAlias) + "." + c.Quoted));

    /// <summary><c>"kind", "id", "title", ...</c>: what the base row's CTE hands on (polymorphic results read the discriminator from it).</summary>
    private static string BaseReturning(InheritanceParent parent)
        => string.Join(", ", parent.Base.Columns.Select(c => c.Quoted).Prepend(SqlIdentifiers.Quote(parent.Discriminator)));

    private string JoinOn => string.Join(" AND ", Keys.Select(k => $"{OwnAlias}.{k.Quoted} = {BaseAlias}.{k.Quoted}"));

    /// <summary>
    /// <c>WITH b AS (INSERT INTO base ... RETURNING base columns), s AS (INSERT INTO subtype (id, ...) SELECT b.id, $n, ... FROM b RETURNING ...)
    /// SELECT ... FROM b JOIN s ON s.id = b.id</c>: both rows in one command, so the insert is atomic without a transaction.
    /// With a <paramref name="conflict"/> target each insert is an upsert (see <see cref="JoinedConflict"/>).
    /// </summary>
    private StatementTemplate<T> JoinedInsert(InheritanceParent parent, string returning, ConflictTarget? conflict = null)
    {
        var baseColumns = parent.Base.Columns;
        var inserted = baseColumns.Where(c => c.IsInserted).ToList();
        var maintained = baseColumns.Where(c => c.Role is ColumnRole.Version or ColumnRole.CreatedAt or ColumnRole.UpdatedAt).ToList();
        var own = OwnColumns.Where(c => c.IsInserted).ToList();
        var statement = new StatementBuilder<T>()
            .Text($"WITH {BaseAlias} AS (INSERT INTO {parent.Base.QualifiedTable.Text} AS t ({string.Join(", ", new[] { SqlIdentifiers.Quote(parent.Discriminator) }.Concat(inserted.Concat(maintained).Select(c => c.Quoted)))}) VALUES ('{parent.Value}'");
        foreach (var column in inserted)
            statement.Text(", ").Value(_insertValues[IndexOf(column)]);
        foreach (var column in maintained)
            statement.Text(column.Role == ColumnRole.Version ? ", 1" : ", now()");
        statement.Text($"){JoinedConflict(parent, conflict, onBase: true)} RETURNING {BaseReturning(parent)}), {OwnAlias} AS (INSERT INTO {QualifiedTable.Text} AS t ({string.Join(", ", Keys.Concat(own).Select(c => c.Quoted))}) SELECT {string.Join(", ", Keys.Select(k => BaseAlias + "." + k.Quoted))}");
        foreach (var column in own)
            statement.Text(", ").Value(_insertValues[IndexOf(column)]);
        return statement.Text($" FROM {BaseAlias}{JoinedConflict(parent, conflict, onBase: false)} RETURNING {string.Join(", ", Keys.Concat(OwnColumns).Select(c => c.Quoted))}) SELECT {returning} FROM {BaseAlias} JOIN {OwnAlias} ON {JoinOn}").Build();
    }

    /// <summary>
    /// The ON CONFLICT clause of a joined upsert: the base row arbitrates on <paramref name="conflict"/> and is taken
    /// over only when it is of this subtype (otherwise no row comes back and nothing is written), which also locks it;
    /// the subtype row, inserted under the key the base row ends with, arbitrates on that key. Empty for a plain insert.
    /// </summary>
    private string JoinedConflict(InheritanceParent parent, ConflictTarget? conflict, bool onBase)
    {
        if (conflict is null)
            return string.Empty;
        var discriminator = SqlIdentifiers.Quote(parent.Discriminator);
        var set = UpsertSet(onBase ? parent.Base.Columns : OwnColumns);
        // An update must run even with nothing to change, so the row comes back for the other table and the result.
        if (set.Count == 0)
            set.Add(onBase ? $"{discriminator} = t.{discriminator}" : $"{Keys[0].Quoted} = EXCLUDED.{Keys[0].Quoted}");
        return onBase
            ? $" ON CONFLICT {conflict.Text} DO UPDATE SET {string.Join(", ", set)} WHERE t.{discriminator} = '{parent.Value}'"
            : $" ON CONFLICT ({string.Join(", ", Keys.Select(k => k.Quoted))}) DO UPDATE SET {string.Join(", ", set)}";
    }

    /// <summary>
    /// <c>WITH b AS (UPDATE base SET ..., version = version + 1 WHERE id = $n AND version = $m AND kind = 'article' RETURNING ...),
    /// s AS (UPDATE subtype AS t SET ... FROM b WHERE t.id = b.id RETURNING ...) SELECT ... FROM b JOIN s ON s.id = b.id</c>:
    /// a stale version matches no base row, so neither table changes.
    /// </summary>
    private StatementTemplate<T> JoinedUpdate(InheritanceParent parent, string returning)
    {
        var set = parent.Base.Columns.Where(c => c.IsUpdated).ToList();
        var own = OwnColumns.Where(c => c.IsUpdated).ToList();
        var discriminator = SqlIdentifiers.Quote(parent.Discriminator);
        var statement = new StatementBuilder<T>().Text($"WITH {BaseAlias} AS (UPDATE {parent.Base.QualifiedTable.Text} AS t SET ");
        for (var i = 0; i < set.Count; i++)
            statement.Text((i == 0 ? string.Empty : ", ") + set[i].Quoted + " = ").Value(_values[IndexOf(set[i])]);
        // With nothing of its own to set, the base row is still locked and version-checked.
        statement.Text(set.Count == 0 && Touch.Length == 0 ? $"{discriminator} = t.{discriminator}" : set.Count == 0 ? Touch[2..] : Touch);
        for (var i = 0; i < Keys.Count; i++)
            statement.Text((i == 0 ? " WHERE " : " AND ") + Keys[i].Quoted + " = ").Value(_values[IndexOf(Keys[i])]);
        if (Version is not null)
            statement.Text($" AND {Version.Quoted} = ").Value(_values[IndexOf(Version)]);
        statement.Text($" AND {discriminator} = '{parent.Value}'{LiveFilter} RETURNING {BaseReturning(parent)}), {OwnAlias} AS (");
        var ownList = string.Join(", ", Keys.Concat(OwnColumns).Select(c => "t." + c.Quoted));
        var onBase = string.Join(" AND ", Keys.Select(k => $"t.{k.Quoted} = {BaseAlias}.{k.Quoted}"));
        if (own.Count == 0)
            return statement.Text($"SELECT {ownList} FROM {QualifiedTable.Text} AS t JOIN {BaseAlias} ON {onBase}) SELECT {returning} FROM {BaseAlias} JOIN {OwnAlias} ON {JoinOn}").Build();
        statement.Text($"UPDATE {QualifiedTable.Text} AS t SET ");
        for (var i = 0; i < own.Count; i++)
            statement.Text((i == 0 ? string.Empty : ", ") + own[i].Quoted + " = ").Value(_values[IndexOf(own[i])]);
        return statement.Text($" FROM {BaseAlias} WHERE {onBase} RETURNING {ownList}) SELECT {returning} FROM {BaseAlias} JOIN {OwnAlias} ON {JoinOn}").Build();
    }
}
