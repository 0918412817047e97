namespace Keel;

/// <summary>
/// Set-based updates (by predicate, by key returning the row, restores) in one command whichever tables the rows
/// span: a plain UPDATE of one table; a joined-tables root's UPDATE of its base table, which holds every column it
/// can name; a joined-tables subtype's lock through its join followed by data-modifying CTEs over the base and subtype
/// tables; a table-per-concrete-type root's CTE per table. The touch (updated_at, version) is written as for one table.
/// </summary>
internal sealed partial class EntityMap<T>
{
    private const string MatchedAlias = "m";

    /// <summary>Whether <see cref="UpdateWhere"/> statements select their count (several tables written by one command) instead of reporting it.</summary>
    public bool UpdateSelectsCount => Parent?.Strategy == InheritanceStrategy.JoinedTables || Hierarchy?.Strategy == InheritanceStrategy.TablePerConcreteType;

    /// <summary>
    /// Applies <paramref name="set"/> and the touch to the rows matching <paramref name="where"/> (a condition over
    /// <see cref="Source"/>'s columns; null matches every row) and counts them (see <see cref="UpdateSelectsCount"/>):
    /// <c>UPDATE t SET "a" = $1, "updated_at" = now() WHERE ...</c>.
    /// </summary>
    public Sql UpdateWhere(IReadOnlyList<ColumnAssignment> set, Sql? where) => SetRows(set, where, returning: false);

    /// <summary>As <see cref="UpdateWhere"/>, selecting the changed rows as <see cref="SelectList"/> reads them.</summary>
    public Sql UpdateReturning(IReadOnlyList<ColumnAssignment> set, Sql where) => SetRows(set, where, returning: true);

    private Sql SetRows(IReadOnlyList<ColumnAssignment> set, Sql? where, bool returning)
    {
        var filter = where is null ? Sql.Empty : (Sql)$" WHERE {where}";
        if (Parent is { Strategy: InheritanceStrategy.JoinedTables } parent)
            return JoinedSetRows(parent, set, filter, returning);
        if (Hierarchy is { Strategy: InheritanceStrategy.TablePerConcreteType } concrete)
        {
            // Every concrete table has the root's columns, so the same assignments and condition apply to each.
            var updates = concrete.Subtypes.Select((s, i) => (Sql)$"{Sql.Raw($"u{i}")} AS (UPDATE {s.Map.QualifiedTable} SET {Assignments(set, touch: true)}{filter} RETURNING {Sql.Raw(returning ? concrete.Returning(i) : "1")})");
            var result = returning
                ? string.Join(" UNION ALL ", concrete.Subtypes.Select((_, i) => $"SELECT * FROM u{i}"))
                : $"SELECT ({string.Join(" + ", concrete.Subtypes.Select((_, i) => $"(SELECT count(*) FROM u{i})"))})::integer";
            return $"WITH {Sql.Join(", ", updates)} {Sql.Raw(result)}";
        }

        if (returning && Hierarchy is { Strategy: InheritanceStrategy.JoinedTables } joined)
        {
            // The subtype rows are read beside the changed base rows, which only the CTE's RETURNING shows as changed.
            var changed = string.Join(", ", Columns.Select(c => "t." + c.Quoted).Prepend("t." + joined.Discriminator)) + ShadowTenantOf("t");
            return $"WITH {Sql.Raw(BaseAlias)} AS (UPDATE {QualifiedTable} AS t SET {Assignments(set, touch: true)}{filter} RETURNING {Sql.Raw(changed)}) SELECT {Sql.Raw(JoinedResult())}";
        }

        Sql statement = $"UPDATE {QualifiedTable} SET {Assignments(set, touch: true)}{filter}";
        return returning ? $"{statement} RETURNING {SelectSql}" : statement;
    }

    /// <summary>
    /// <c>WITH m AS (SELECT "id" FROM (base JOIN subtype) WHERE ... FOR UPDATE),
    /// b AS (UPDATE base AS t SET "title" = $1, "version" = "version" + 1 FROM m WHERE t."id" = m."id" RETURNING ...),
    /// s AS (UPDATE subtype AS t SET "body" = $2 FROM b WHERE t."id" = b."id" RETURNING ...) SELECT count(*)::integer FROM b</c>,
    /// with a CTE per table of the chain from the root that the assignments reach. Locking through the (inner) join of
    /// the chain re-checks the condition on rows changed meanwhile, as a one-table UPDATE does; the base row is always
    /// written (its touch, or the discriminator onto itself), so every table changes under one lock.
    /// </summary>
    private Sql JoinedSetRows(InheritanceParent parent, IReadOnlyList<ColumnAssignment> set, Sql filter, bool returning)
    {
        var root = Lineage[0];
        var discriminator = SqlIdentifiers.Quote(parent.Discriminator);
        var rootSet = set.Where(a => root.Columns.Contains(a.Column)).ToList();
        var rootAssignments = rootSet.Count > 0 || Touch.Length > 0 ? Assignments(rootSet, touch: true) : Sql.Raw($"{discriminator} = t.{discriminator}");
        var keys = string.Join(", ", RowKeys);
        var rootRows = returning ? string.Join(", ", root.Columns.Select(c => "t." + c.Quoted).Prepend("t." + discriminator)) + ShadowTenantOf("t") : string.Join(", ", RowKeys.Select(k => "t." + k));
        Sql statement = $"WITH {Sql.Raw(MatchedAlias)} AS (SELECT {Sql.Raw(keys)} FROM {Sql.Raw(ChainSource)}{filter} FOR UPDATE), {Sql.Raw(BaseAlias)} AS (UPDATE {root.QualifiedTable} AS t SET {rootAssignments} FROM {Sql.Raw(MatchedAlias)} WHERE {Sql.Raw(KeysMatch(MatchedAlias))} RETURNING {Sql.Raw(rootRows)})";
        for (var level = 1; level < Lineage.Count; level++)
        {
            var own = Lineage[level].OwnColumns;
            var levelSet = set.Where(a => own.Contains(a.Column)).ToList();
            var rows = Sql.Raw(string.Join(", ", RowKeys.Concat(own.Select(c => c.Quoted)).Select(c => "t." + c)));
            var cte = Sql.Raw(LevelAlias(level));
            if (levelSet.Count > 0)
                statement = $"{statement}, {cte} AS (UPDATE {Lineage[level].QualifiedTable} AS t SET {Assignments(levelSet, touch: false)} FROM {Sql.Raw(BaseAlias)} WHERE {Sql.Raw(KeysMatch(BaseAlias))} RETURNING {rows})";
            else if (returning)
                statement = $"{statement}, {cte} AS (SELECT {rows} FROM {Lineage[level].QualifiedTable} AS t JOIN {Sql.Raw(BaseAlias)} ON {Sql.Raw(KeysMatch(BaseAlias))})";
        }

        return returning
            ? (Sql)$"{statement} SELECT {Sql.Raw(JoinedResult())}"
            : (Sql)$"{statement} SELECT count(*)::integer FROM {Sql.Raw(BaseAlias)}";
    }

    /// <summary>
    /// <c>b."id", ..., s."body" FROM b JOIN s ON s."id" = b."id"</c>: <see cref="SelectList"/> over a joined write's CTEs,
    /// the tables of any subtypes below this map read beside them.
    /// </summary>
    private string JoinedResult()
        => Hierarchy is { } hierarchy
            ? $"{hierarchy.Returning(-1)} FROM {BaseAlias}{ChainJoins(tables: false)}{hierarchy.Joins()}"
            : $"{JoinedReturning()} FROM {BaseAlias}{ChainJoins(tables: false)}";

    /// <summary><c>a = $1, b = b + $2</c>, then (with <paramref name="touch"/>) what every change to a row also sets.</summary>
    private Sql Assignments(IEnumerable<ColumnAssignment> set, bool touch)
    {
        var items = set.Select(a => a.Assignment).ToList();
        if (touch && Touch.Length > 0)
            items.Add(Sql.Raw(Touch[2..]));
        return Sql.Join(", ", items);
    }

    /// <summary><c>t."id" = m."id"</c>: the written table's row against a CTE's row, key by key (the tenant first, when rows belong to tenants).</summary>
    private string KeysMatch(string alias) => string.Join(" AND ", RowKeys.Select(k => $"t.{k} = {alias}.{k}"));
}
