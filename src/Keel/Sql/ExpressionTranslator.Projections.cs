using System.Linq.Expressions;

namespace Keel;

internal static partial class ExpressionTranslator
{
    /// <summary>
    /// The members a projection reads, each with the name it is given: <c>x =&gt; new { x.Id, City = x.Address.City }</c>
    /// is [(Id, Id), (City, Address.City)]. Anonymous types and member initialisers give member names; a constructor
    /// (a record) gives its parameter names; a single member <c>x =&gt; x.Name</c> is named after the member.
    /// </summary>
    /// <exception cref="NotSupportedException">A projected value is not a member of the parameter; the message names it.</exception>
    public static IReadOnlyList<(string Name, MemberPath Path)> Projection<T, TResult>(Expression<Func<T, TResult>> selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        var context = new Context(selector, target: null);
        var members = new List<(string Name, MemberPath Path)>();
        foreach (var (name, node) in Projected(context))
        {
            var path = ProjectedPath(context, node);
            members.Add((name ?? path.Members[^1].Name, path));
        }

        return members;
    }

    /// <summary>
    /// A projection as SQL values over <paramref name="target"/>, each with its name: members read through
    /// <see cref="IMemberSqlTarget.Value"/>, and, when the target implements <see cref="IRelationSqlTarget"/>,
    /// <c>x.Nav.Count()</c>, <c>x.Nav.Count(pred)</c>, <c>x.Nav.LongCount()</c>, <c>x.Nav.Any()</c>, <c>x.Nav.Any(pred)</c>
    /// and <c>x.Nav.Count</c> on a collection navigation as correlated subqueries.
    /// </summary>
    /// <exception cref="NotSupportedException">A projected value has no translation; the message names it.</exception>
    public static IReadOnlyList<(string Name, Sql Value)> Projection<T, TResult>(Expression<Func<T, TResult>> selector, IMemberSqlTarget target)
    {
        ArgumentNullException.ThrowIfNull(selector);
        ArgumentNullException.ThrowIfNull(target);
        var context = new Context(selector, target);
        var values = new List<(string Name, Sql Value)>();
        foreach (var (name, node) in Projected(context))
        {
            if (RelationAggregateOf(context, node) is { } aggregate)
            {
                values.Add((name ?? aggregate.Navigation.Members[0].Name, aggregate.Sql));
                continue;
            }

            var path = ProjectedPath(context, node);
            values.Add((name ?? path.Members[^1].Name, target.Value(path)));
        }

        return values;
    }

    /// <summary>
    /// The projected expressions with their names: constructor arguments, member bindings, or the whole body (named
    /// null: the caller names it after what it reads).
    /// </summary>
    private static List<(string? Name, Expression Node)> Projected(Context context)
    {
        var body = StripConversions(context.Root.Body);
        var projected = new List<(string? Name, Expression Node)>();
        switch (body)
        {
            case NewExpression construction:
                AddConstructorArguments(context, construction, projected);
                break;

            case MemberInitExpression initialisation:
                AddConstructorArguments(context, initialisation.NewExpression, projected);
                foreach (var binding in initialisation.Bindings)
                {
                    if (binding is not MemberAssignment assignment)
                        throw Unsupported(context, initialisation, $"the binding of {binding.Member.Name} is not a plain assignment (Name = x.Member)");
                    projected.Add((assignment.Member.Name, assignment.Expression));
                }

                break;

            default:
                projected.Add((null, body));
                break;
        }

        return projected.Count > 0
            ? projected
            : throw Unsupported(context, body, "the projection selects no member");
    }

    private static void AddConstructorArguments(Context context, NewExpression construction, List<(string? Name, Expression Node)> projected)
    {
        if (construction.Arguments.Count == 0)
            return;

        // Anonymous types list their properties in Members; other constructors are named by their parameters.
        var parameters = construction.Constructor?.GetParameters();
        for (var i = 0; i < construction.Arguments.Count; i++)
        {
            var name = construction.Members?[i].Name ?? parameters?[i].Name
                ?? throw Unsupported(context, construction, "a constructor argument has no name");
            projected.Add((name, construction.Arguments[i]));
        }
    }

    private static MemberPath ProjectedPath(Context context, Expression node)
        => MemberPathOf(context, node)
            ?? throw Unsupported(context, node, context.Relations is not null
                ? "only members of the parameter (x.Name) and counts of its collection navigations (x.Orders.Count(), x.Orders.Any(o => ...)) can be projected"
                : "only members of the parameter (such as x.Address.City) can be projected");

    /// <summary>
    /// <c>x.Nav.Count()</c>, <c>x.Nav.Count(pred)</c>, <c>x.Nav.LongCount(...)</c>, <c>x.Nav.Any(...)</c> or <c>x.Nav.Count</c>
    /// as the target's subquery; null when <paramref name="node"/> is none of these.
    /// </summary>
    /// <exception cref="NotSupportedException">It is one of these, but the target has no relations or the collection is not a navigation of the parameter.</exception>
    private static (MemberPath Navigation, Sql Sql)? RelationAggregateOf(Context context, Expression node)
    {
        node = StripConversions(node);
        Expression collection;
        RelationAggregate aggregate;
        LambdaExpression? predicate = null;
        switch (node)
        {
            case MethodCallExpression { Method.Name: nameof(Enumerable.Count) or nameof(Enumerable.LongCount) or nameof(Enumerable.Any) } call
                when call.Method.DeclaringType == typeof(Enumerable) && call.Arguments.Count is 1 or 2:
                collection = call.Arguments[0];
                aggregate = call.Method.Name switch
                {
                    nameof(Enumerable.Count) => RelationAggregate.Count,
                    nameof(Enumerable.LongCount) => RelationAggregate.LongCount,
                    _ => RelationAggregate.Any,
                };
                if (call.Arguments.Count == 2)
                {
                    predicate = StripQuotes(call.Arguments[1]) as LambdaExpression
                        ?? throw Unsupported(context, call, "the condition must be a lambda written in place (o => o.Total > 10)");
                }

                break;

            case MemberExpression { Member.Name: "Count", Expression: { } owner } count when IsFrameworkType(count.Member.DeclaringType):
                collection = owner;
                aggregate = RelationAggregate.Count;
                break;

            default:
                return null;
        }

        if (context.Relations is not { } relations)
            throw Unsupported(context, node, "counting a collection is supported in entity projections only, over a navigation");
        if (StripConversions(collection) is not MemberExpression { Expression: { } parent } member || parent != context.Parameter)
            throw Unsupported(context, node, "only a navigation of the parameter (x.Orders.Count()) can be counted; filter with Count(o => ...) rather than Where(...)");
        var navigation = new MemberPath([member.Member]);
        return (navigation, relations.Aggregate(navigation, aggregate, predicate));
    }

    private static Expression StripQuotes(Expression node)
    {
        while (node is UnaryExpression { NodeType: ExpressionType.Quote } quote)
            node = quote.Operand;
        return node;
    }
}
