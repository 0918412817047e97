using System.Linq.Expressions;

namespace Keel;

internal static partial class ExpressionTranslator
{
    /// <summary>
    /// A side of a comparison: either a stored member (optionally under <c>lower</c>/<c>upper</c>) or a .NET value
    /// computed before the query is sent.
    /// </summary>
    private readonly record struct Operand(Expression Node, MemberPath? Path, string? Function, object? Value)
    {
        public bool IsMember => Path is not null;

        /// <summary>A bare member, which the target may compare in an index-friendly form (<see cref="IMemberSqlTarget.TryEquals"/>).</summary>
        public bool IsPlain => Function is null;
    }

    private static Operand Resolve(Context context, Expression node)
    {
        if (!ReferencesParameter(context, node))
            return new Operand(node, null, null, Evaluate(node));

        var stripped = StripConversions(node);
        if (stripped is MethodCallExpression { Object: { } text, Arguments.Count: 0 } call && call.Method.DeclaringType == typeof(string))
        {
            var function = call.Method.Name switch
            {
                nameof(string.ToLower) or nameof(string.ToLowerInvariant) => "lower",
                nameof(string.ToUpper) or nameof(string.ToUpperInvariant) => "upper",
                _ => null,
            };
            if (function is not null)
            {
                var inner = Resolve(context, text);
                if (!inner.IsMember || !inner.IsPlain)
                    throw Unsupported(context, node, $"{call.Method.Name}() translates only on a member of the parameter, such as x.Name.{call.Method.Name}()");
                return inner with { Node = node, Function = function };
            }
        }

        var path = MemberPathOf(context, node);
        return path is not null
            ? new Operand(node, path, null, null)
            : throw Unsupported(context, stripped, Describe(stripped));
    }

    /// <summary>SQL reading a member operand: <c>target.Value(path)</c>, under <c>lower(…)</c> or <c>upper(…)</c> if asked.</summary>
    private static Sql ValueOf(Context context, Operand operand)
    {
        var value = context.Target.Value(operand.Path!);
        return operand.Function is null ? value : $"{Sql.Raw(operand.Function)}({value})";
    }

    /// <summary>Why a node has no translation, for the exception message.</summary>
    private static string Describe(Expression node) => node switch
    {
        MethodCallExpression call => $"method {TypeName(call.Method.DeclaringType)}.{call.Method.Name} is not supported",
        MemberExpression member => $"member {TypeName(member.Member.DeclaringType)}.{member.Member.Name} is not supported",
        ParameterExpression => "the parameter itself cannot be compared; compare one of its members",
        _ => $"{node.NodeType} expressions are not supported",
    };
}
