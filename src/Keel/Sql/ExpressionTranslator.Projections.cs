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
        var body = StripConversions(selector.Body);
        var members = new List<(string Name, MemberPath Path)>();
        switch (body)
        {
            case NewExpression construction:
                AddConstructorArguments(context, construction, members);
                break;

            case MemberInitExpression initialisation:
                AddConstructorArguments(context, initialisation.NewExpression, members);
                foreach (var binding in initialisation.Bindings)
                {
                    if (binding is not MemberAssignment assignment)
                        throw Unsupported(context, initialisation, $"the binding of {binding.Member.Name} is not a plain assignment (Name = x.Member)");
                    members.Add((assignment.Member.Name, ProjectedPath(context, assignment.Expression)));
                }

                break;

            default:
                var path = ProjectedPath(context, body);
                members.Add((path.Members[^1].Name, path));
                break;
        }

        return members.Count > 0
            ? members
            : throw Unsupported(context, body, "the projection selects no member");
    }

    private static void AddConstructorArguments(Context context, NewExpression construction, List<(string Name, MemberPath Path)> members)
    {
        if (construction.Arguments.Count == 0)
            return;

        // Anonymous types list their properties in Members; other constructors are named by their parameters.
        var parameters = construction.Constructor?.GetParameters();
        for (var i = 0; i < construction.Arguments.Count; i++)
        {
            var name = construction.Members?[i].Name ?? parameters?[i].Name
                ?? throw Unsupported(context, construction, "a constructor argument has no name");
            members.Add((name, ProjectedPath(context, construction.Arguments[i])));
        }
    }

    private static MemberPath ProjectedPath(Context context, Expression node)
        => MemberPathOf(context, node)
            ?? throw Unsupported(context, node, "only members of the parameter (such as x.Address.City) can be projected");
}
