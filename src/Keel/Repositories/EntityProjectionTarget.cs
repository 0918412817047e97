using System.Linq.Expressions;

namespace Keel;

/// <summary>
/// What an entity projection reads: its own columns (as in a <c>Where</c>), and counts of its collection navigations
/// as correlated subqueries in the same statement (<c>u.Orders.Count()</c>), resolved through the relation of each.
/// The outer row is referred to by its table's name, which is also the alias of a source spanning several tables.
/// Counted rows that belong to tenants are <paramref name="tenant"/>'s only.
/// </summary>
internal sealed class EntityProjectionTarget(IRelationMap map, EntityColumnTarget columns, EntityStore store, string? tenant) : IMemberSqlTarget, IRelationSqlTarget
{
    /// <summary>The alias of the counted rows inside the subquery.</summary>
    private const string CountedAlias = "c";

    /// <summary>The alias of a many-to-many's join table inside the subquery.</summary>
    private const string PivotAlias = "p";

    private readonly string _outer = SqlIdentifiers.Quote(map.Table);

    public Sql Value(MemberPath path) => columns.Value(path);

    public Sql? TryEquals(MemberPath path, object? value) => columns.TryEquals(path, value);

    public Sql IsNull(MemberPath path, bool isNull) => columns.IsNull(path, isNull);

    public Sql CollectionContains(MemberPath path, object? element) => columns.CollectionContains(path, element);

    public object? ToParameter(MemberPath path, object? value) => columns.ToParameter(path, value);

    /// <summary>
    /// <c>(SELECT count(*)::integer FROM orders c WHERE c."user_id" = "users"."id" AND (filter))</c>; a many-to-many counts
    /// its join table's rows (joined to the targets when they are filtered or soft-deleted); <c>Any</c> is <c>EXISTS</c>.
    /// Soft-deleted targets are left out, as in every read.
    /// </summary>
    public Sql Aggregate(MemberPath navigation, RelationAggregate aggregate, LambdaExpression? predicate)
    {
        var name = $"{map.EntityType.Name}.{navigation.Members[0].Name}";
        var nav = map.NavigationFor(navigation.Members[0].Name)
            ?? throw new NotSupportedException(map.ColumnFor(navigation.Members[0].Name) is not null
                ? $"{name} is a column, not a navigation; only collection navigations can be counted in a projection."
                : $"{name} is not a mapped navigation; only collection navigations can be counted in a projection.");
        var relation = map.Relation(nav, store);
        if (relation.IsToOne)
            throw new NotSupportedException($"{relation} is a single entity ({relation.Kind}); only collection navigations can be counted in a projection.");

        var target = relation.Target;
        // Each condition carries its " AND ", so they append to the key condition as they are.
        var conditions = new List<Sql>();
        if (target.Tenant is { } targetTenant)
            conditions.Add($" AND {Sql.Raw(CountedAlias + "." + targetTenant.Quoted)} = {tenant ?? throw new TenantRequiredException(target.EntityType)}");
        if (target.TypeFilterOf(CountedAlias) is { Length: > 0 } type)
            conditions.Add(Sql.Raw(type));
        if (target.SoftDelete is { } deletedAt)
            conditions.Add(Sql.Raw($" AND {CountedAlias}.{deletedAt.Quoted} IS NULL"));
        if (predicate is not null)
            conditions.Add($" AND ({ExpressionTranslator.Where(predicate, new AliasedColumnTarget(target, CountedAlias))})");

        var outerKey = _outer + "." + relation.SourceKey.Quoted;
        string from;
        if (relation.Kind != RelationKind.ManyToMany)
        {
            from = $"{target.SourceAs(CountedAlias)} WHERE {CountedAlias}.{relation.TargetKey.Quoted} = {outerKey}";
        }
        else if (conditions.Count == 0)
        {
            // Nothing to check on the targets: the join table's rows are the count, and its key index serves them.
            from = $"{relation.Pivot!.Text} {PivotAlias} WHERE {PivotAlias}.{relation.PivotSource} = {outerKey}";
        }
        else
        {
            from = $"{relation.Pivot!.Text} {PivotAlias} JOIN {target.SourceAs(CountedAlias)} ON {CountedAlias}.{relation.TargetKey.Quoted} = {PivotAlias}.{relation.PivotTarget} " +
                $"WHERE {PivotAlias}.{relation.PivotSource} = {outerKey}";
        }

        // The join table's own rows are a tenant's too when a side's are: filtered whichever way it is read.
        if (relation.PivotTenant is { } pivotTenant)
            conditions.Add($" AND {Sql.Raw(PivotAlias + "." + pivotTenant)} = {tenant ?? throw new TenantRequiredException(relation.Source.EntityType)}");
        var filter = Sql.Join(string.Empty, conditions);
        return aggregate switch
        {
            RelationAggregate.Any => $"EXISTS (SELECT 1 FROM {Sql.Raw(from)}{filter})",
            RelationAggregate.LongCount => $"(SELECT count(*) FROM {Sql.Raw(from)}{filter})",
            _ => $"(SELECT count(*)::integer FROM {Sql.Raw(from)}{filter})",
        };
    }
}
