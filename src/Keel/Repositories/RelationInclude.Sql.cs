namespace Keel;

/// <summary>The one statement a split include sends for all its parents.</summary>
internal sealed partial class RelationInclude
{
    // An unlimited include without predicates sends the same text around its key array every time: built and
    // rendered once.
    private (string Head, string Tail, string Text)? _text;

    /// <summary>
    /// <c>SELECT t.cols FROM orders t WHERE t."user_id" = ANY($1) ORDER BY t."id"</c>; a many-to-many reads through the
    /// join table (<c>FROM product_tags p JOIN tags t ON t."id" = p."tag_id" WHERE p."product_id" = ANY($1)</c>) and
    /// selects the parent key first. A limit per parent (<c>Take</c>) runs the filtered, ordered, limited select once
    /// per parent key in a LATERAL subquery over <c>unnest($1)</c>, still one statement.
    /// </summary>
    /// <param name="keys">The key array, one parameter (<c>Sql.Parameter(keys)</c>).</param>
    /// <param name="plan">The joins read with the targets.</param>
    public Sql Statement(Sql keys, JoinPlan plan)
    {
        if (Filter.Take is null && Filter.Predicates.Length == 0)
        {
            var (head, tail, text) = _text ??= Split(Build(Sql.Raw(KeysMarker), plan).ToString());
            return Sql.Rendered(text, [new SqlPart(head, null), keys.PartAt(0), new SqlPart(tail, null)]);
        }

        return Build(keys, plan);
    }

    // Stands for the key array while the constant text is built; it cannot occur in quoted names or mapped text.
    private const string KeysMarker = "\0keel-keys\0";

    /// <summary>The text before and after the key array's place, and the whole text with it as <c>$1</c>, its only parameter.</summary>
    private static (string Head, string Tail, string Text) Split(string text)
    {
        var at = text.IndexOf(KeysMarker, StringComparison.Ordinal);
        var (head, tail) = (text[..at], text[(at + KeysMarker.Length)..]);
        return (head, tail, head + "$1" + tail);
    }

    private Sql Build(Sql keys, JoinPlan plan)
    {
        var relation = Relation;
        var target = relation.Target;
        var manyToMany = relation.Kind == RelationKind.ManyToMany;
        var from = manyToMany
            ? $"{relation.Pivot!.Text} p JOIN {target.SourceAs(TargetAlias)} ON t.{relation.TargetKey.Quoted} = p.{relation.PivotTarget}"
            : target.SourceAs(TargetAlias);
        var keyColumn = manyToMany ? "p." + relation.PivotSource : "t." + relation.TargetKey.Quoted;
        var order = OrderBy();
        var columns = target.SelectListOf(TargetAlias) + plan.SelectList;

        if (Filter.Take is not { } take)
        {
            var select = (manyToMany ? keyColumn + ", " : string.Empty) + columns;
            return $"SELECT {Sql.Raw(select)} FROM {Sql.Raw(from + plan.Joins)} WHERE {Sql.Raw(keyColumn)} = ANY({keys}){Conditions()} ORDER BY {Sql.Raw(order)}";
        }

        // LATERAL applies the limit per parent, and an index on (fk, ordering) serves each parent's top rows.
        var outer = (manyToMany ? "k.keel_parent, " : string.Empty) + columns;
        return $"SELECT {Sql.Raw(outer)} FROM unnest({keys}) AS k(keel_parent) CROSS JOIN LATERAL (SELECT t.* FROM {Sql.Raw(from)} WHERE {Sql.Raw(keyColumn)} = k.keel_parent{Conditions()} ORDER BY {Sql.Raw(order)} LIMIT {take}) t{Sql.Raw(plan.Joins)} ORDER BY k.keel_parent, {Sql.Raw(order)}";
    }

    /// <summary><c> AND t."kind" = 'article' AND t."deleted_at" IS NULL AND (filter) ...</c>.</summary>
    private Sql Conditions()
    {
        var parts = new List<Sql>();
        if (Relation.Target.TypeFilterOf(TargetAlias) is { Length: > 0 } type)
            parts.Add(Sql.Raw(type));
        if (Relation.Target.SoftDelete is { } deletedAt)
            parts.Add(Sql.Raw($" AND {TargetAlias}.{deletedAt.Quoted} IS NULL"));
        foreach (var predicate in Filter.Predicates)
            parts.Add($" AND ({predicate})");
        return parts.Count == 0 ? Sql.Empty : Sql.Join(string.Empty, parts);
    }

    /// <summary>The include's ordering, then the target's key so the order is total (children default to key order).</summary>
    private string OrderBy()
    {
        var keys = new List<string>();
        foreach (var (column, descending) in Filter.Order)
            keys.Add($"{TargetAlias}.{column.Quoted}{(descending ? " DESC" : string.Empty)}");
        foreach (var key in Relation.Target.Keys)
        {
            if (!Array.Exists(Filter.Order, o => ReferenceEquals(o.Column, key)))
                keys.Add($"{TargetAlias}.{key.Quoted}");
        }

        return string.Join(", ", keys);
    }
}
