using System.Linq.Expressions;
using System.Reflection;

namespace Keel;

/// <summary>
/// Reads an include expression: a navigation of the parameter (<c>o =&gt; o.Items</c>), optionally shaped with
/// <c>Where</c>, <c>OrderBy</c>/<c>OrderByDescending</c>/<c>ThenBy</c>/<c>ThenByDescending</c> and a final <c>Take</c>
/// (<c>u =&gt; u.Orders.Where(o =&gt; o.Total &gt; 10).OrderByDescending(o =&gt; o.PlacedOn).Take(5)</c>). Anything else is
/// refused with a <see cref="NotSupportedException"/> that names the expression.
/// </summary>
internal static class IncludeParser
{
    public static RelationInclude Parse(LambdaExpression include, IRelationMap source, EntityStore store, IncludeStrategy strategy)
    {
        ArgumentNullException.ThrowIfNull(include);
        var calls = new List<MethodCallExpression>();
        var node = Strip(include.Body);
        while (node is MethodCallExpression call)
        {
            if (call.Method.DeclaringType != typeof(Enumerable) || call.Arguments.Count == 0)
                throw Refused(include, $"{call.Method.Name} is not a navigation; Include takes a navigation property such as o => o.Items");
            calls.Insert(0, call);
            node = Strip(call.Arguments[0]);
        }

        if (node is not MemberExpression { Member: PropertyInfo property } member)
            throw Refused(include, "Include takes a navigation property of the parameter, such as o => o.Items");
        if (member.Expression != include.Parameters[0])
        {
            // ((Article)c).Author: a subtype's navigation, loaded for the entities of that subtype only.
            source = member.Expression is UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.TypeAs } cast && cast.Operand == include.Parameters[0]
                ? SubtypeOf(include, source, cast.Type, store)
                : throw Refused(include, "it reaches through another navigation; include one level and go deeper with ThenInclude");
        }

        var navigation = source.NavigationFor(property.Name)
            ?? throw Refused(include, source.ColumnFor(property.Name) is not null
                ? $"{source.EntityType.Name}.{property.Name} is a column, not a navigation"
                : $"{source.EntityType.Name}.{property.Name} is not a mapped navigation");
        var relation = source.Relation(navigation, store);
        var filter = Filter(include, relation, calls);
        if (strategy == IncludeStrategy.Join && !relation.IsToOne)
            throw Refused(include, $"{relation} is a collection; IncludeStrategy.Join loads to-one relations only, so use the split strategy");
        if (strategy == IncludeStrategy.Join && !filter.IsEmpty)
            throw Refused(include, "a joined include cannot be filtered; use the split strategy");
        return filter.IsEmpty ? RelationInclude.Unfiltered(relation, strategy) : new RelationInclude(relation, strategy, filter, []);
    }

    /// <summary>The map of <paramref name="subtype"/>, which a cast in the include names: a mapped subtype of the source's hierarchy.</summary>
    private static IRelationMap SubtypeOf(LambdaExpression include, IRelationMap source, Type subtype, EntityStore store)
    {
        if (subtype != source.EntityType && source.EntityType.IsAssignableFrom(subtype) && store.Find(subtype) is IRelationMap map && map is IHierarchyNode { Parent: not null })
            return map;
        throw Refused(include, $"the cast to {subtype.Name} does not name a mapped subtype of {source.EntityType.Name}; cast the parameter to one of its hierarchy's subtypes, as in c => ((Article)c).Author");
    }

    private static RelationFilter Filter(LambdaExpression include, EntityRelation relation, List<MethodCallExpression> calls)
    {
        if (calls.Count == 0)
            return RelationFilter.None;
        if (relation.IsToOne)
            throw Refused(include, $"{relation} is a single entity; only collections can be filtered, ordered or limited");
        var target = new AliasedColumnTarget(relation.Target, RelationInclude.TargetAlias);
        var predicates = new List<Sql>();
        var order = new List<(EntityColumn, bool)>();
        int? take = null;
        foreach (var call in calls)
        {
            if (take is not null)
                throw Refused(include, "Take must come last, after Where and OrderBy");
            var argument = call.Arguments.Count == 2 ? call.Arguments[1] : null;
            switch (call.Method.Name)
            {
                case nameof(Enumerable.Where) when argument is LambdaExpression { Parameters.Count: 1 } predicate:
                    predicates.Add(ExpressionTranslator.Where(predicate, target));
                    break;
                case nameof(Enumerable.OrderBy) or nameof(Enumerable.OrderByDescending) when argument is LambdaExpression key:
                    order.Clear();
                    order.Add((target.Column(MemberPath.FromLambda(key)), call.Method.Name == nameof(Enumerable.OrderByDescending)));
                    break;
                case nameof(Enumerable.ThenBy) or nameof(Enumerable.ThenByDescending) when argument is LambdaExpression key:
                    order.Add((target.Column(MemberPath.FromLambda(key)), call.Method.Name == nameof(Enumerable.ThenByDescending)));
                    break;
                case nameof(Enumerable.Take) when argument is not null && argument.Type == typeof(int):
                    take = (int)ExpressionTranslator.ValueOf(argument)!;
                    if (take < 0)
                        throw Refused(include, "Take needs a count of zero or more");
                    break;
                default:
                    throw Refused(include, $"{call.Method.Name} cannot shape an include; use Where, OrderBy, OrderByDescending, ThenBy, ThenByDescending and Take");
            }
        }

        return new RelationFilter([.. predicates], [.. order], take);
    }

    private static Expression Strip(Expression node)
    {
        while (node is UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked or ExpressionType.TypeAs } convert)
            node = convert.Operand;
        return node;
    }

    private static NotSupportedException Refused(LambdaExpression include, string reason)
        => new($"Cannot include '{include}': {reason}. See docs/relations.md.");
}
