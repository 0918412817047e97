using System.Runtime.CompilerServices;

namespace Keel;

/// <summary>The one statement a split include sends for all its parents.</summary>
internal sealed partial class RelationInclude
{
    // An unlimited include without predicates sends the same text around its key array (and tenant) every time: built once.
    private IncludeText? _text;

    /// <summary>The joins under this level, planned on first use.</summary>
    private JoinPlan Plan => _plan ??= JoinPlan.For(Relation.Target, TargetAlias, Relation.Kind == RelationKind.ManyToMany ? 1 : 0, Children);

    /// <summary>
    /// <c>SELECT t.cols FROM orders t WHERE t."user_id" = ANY($1) ORDER BY t."id"</c>; a many-to-many reads through the
    /// join table (<c>FROM product_tags p JOIN tags t ON t."id" = p."tag_id" WHERE p."product_id" = ANY($1)</c>) and
    /// selects the parent key first. A limit per parent (<c>Take</c>) runs the filtered, ordered, limited select once
    /// per parent key in a LATERAL subquery over <c>unnest($1)</c>, still one statement. Each multi-tenant table read
    /// (the target, the join table, a joined target) is confined to <paramref name="tenant"/>.
    /// </summary>
    /// <exception cref="TenantRequiredException">The statement reads multi-tenant rows and <paramref name="tenant"/> is null.</exception>
    public Sql Statement(Array keys, string? tenant, JoinPlan plan)
    {
        if (TenantOwner is { } owner && tenant is null)
            throw new TenantRequiredException(owner);
        if (Filter.Take is null && Filter.Predicates.Length == 0)
        {
            var text = _text ??= new IncludeText(Build(Sql.Raw(IncludeText.KeysHole), Sql.Raw(IncludeText.TenantHole), Sql.Raw(plan.Joins), plan).ToString());
            return text.Fill(keys, tenant);
        }

        return Build(Sql.Parameter(keys), tenant is null ? Sql.Empty : $"{tenant}", plan.JoinsFor(tenant), plan);
    }

    /// <summary>The first entity type whose rows this level's statement reads and which belong to tenants (the target, a join table's side, a joined target), or null.</summary>
    private Type? TenantOwner
        => Relation.Target.Tenant is not null ? Relation.Target.EntityType : Relation.PivotTenant is not null ? Relation.Source.EntityType : Plan.TenantOwner;

    /// <summary>The first entity type this include or any below it reads and whose rows belong to tenants, or null: checked before a query sends anything.</summary>
    public Type? TenantOwnerBelow() => (_tenantOwnerBelow ??= new StrongBox<Type?>(FindTenantOwnerBelow())).Value;

    // The node and its children are immutable, so the answer is worked out once.
    private StrongBox<Type?>? _tenantOwnerBelow;

    private Type? FindTenantOwnerBelow()
    {
        if (Relation.Target.Tenant is not null)
            return Relation.Target.EntityType;
        if (Relation.PivotTenant is not null)
            return Relation.Source.EntityType;
        foreach (var child in Children)
        {
            if (child.TenantOwnerBelow() is { } owner)
                return owner;
        }

        return null;
    }

    private Sql Build(Sql keys, Sql tenant, Sql joins, JoinPlan plan)
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
            return $"SELECT {Sql.Raw(select)} FROM {Sql.Raw(from)}{joins} WHERE {Sql.Raw(keyColumn)} = ANY({keys}){Conditions(tenant)} ORDER BY {Sql.Raw(order)}";
        }

        // LATERAL applies the limit per parent, and an index on (fk, ordering) serves each parent's top rows.
        var outer = (manyToMany ? "k.keel_parent, " : string.Empty) + columns;
        return $"SELECT {Sql.Raw(outer)} FROM unnest({keys}) AS k(keel_parent) CROSS JOIN LATERAL (SELECT t.* FROM {Sql.Raw(from)} WHERE {Sql.Raw(keyColumn)} = k.keel_parent{Conditions(tenant)} ORDER BY {Sql.Raw(order)} LIMIT {take}) t{joins} ORDER BY k.keel_parent, {Sql.Raw(order)}";
    }

    /// <summary><c> AND t."tenant_id" = $2 AND t."kind" = 'article' AND t."deleted_at" IS NULL AND (filter) ...</c>.</summary>
    private Sql Conditions(Sql tenant)
    {
        var parts = new List<Sql>();
        if (Relation.Target.Tenant is { } targetTenant)
            parts.Add($" AND {Sql.Raw(TargetAlias + "." + targetTenant.Quoted)} = {tenant}");
        if (Relation.PivotTenant is { } pivotTenant)
            parts.Add($" AND {Sql.Raw("p." + pivotTenant)} = {tenant}");
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
