using System.Collections;
using System.Linq.Expressions;

namespace Keel;

internal static partial class ExpressionTranslator
{
    private static Sql Call(Context context, MethodCallExpression call, bool negated)
    {
        var method = call.Method;
        if (method.DeclaringType == typeof(string))
        {
            switch (method.Name)
            {
                case nameof(string.StartsWith) or nameof(string.EndsWith) or nameof(string.Contains) when call.Object is not null:
                    return Like(context, call, negated);
                case nameof(string.IsNullOrEmpty) when call.Object is null:
                    return NullOrEmpty(context, call.Arguments[0], negated);
                default:
                    break;
            }
        }

        if (method.Name == nameof(Equals) && method.ReturnType == typeof(bool))
        {
            // x.Name.Equals("a") and string.Equals(x.Name, "a") mean ==; overloads with a comparison do not translate.
            if (call.Object is not null && call.Arguments.Count == 1)
                return Comparison(context, call.Object, ExpressionType.Equal, call.Arguments[0], negated);
            if (call.Object is null && call.Arguments.Count == 2)
                return Comparison(context, call.Arguments[0], ExpressionType.Equal, call.Arguments[1], negated);
        }

        if (TryContainsArguments(call, out var collection, out var item))
            return Contains(context, call, collection, item, negated);

        throw Unsupported(context, call, Describe(call));
    }

    /// <summary>StartsWith/EndsWith/Contains on a string member become LIKE with the argument's wildcards escaped.</summary>
    private static Sql Like(Context context, MethodCallExpression call, bool negated)
    {
        var member = Resolve(context, call.Object!);
        if (!member.IsMember)
            throw Unsupported(context, call, $"{call.Method.Name} translates only on a member of the parameter");
        if (call.Arguments.Count is < 1 or > 2)
            throw Unsupported(context, call, $"this overload of String.{call.Method.Name} is not supported");

        var argument = call.Arguments[0];
        if (ReferencesParameter(context, argument))
            throw Unsupported(context, argument, $"the argument of {call.Method.Name} must be a value, not a member of the parameter");

        var text = Evaluate(argument) switch
        {
            string s => s,
            char c => c.ToString(),
            null => throw Unsupported(context, call, $"the argument of {call.Method.Name} is null"),
            var other => throw Unsupported(context, call, $"a {TypeName(other.GetType())} argument is not supported"),
        };

        var keyword = "LIKE";
        if (call.Arguments.Count == 2)
        {
            keyword = Evaluate(call.Arguments[1]) switch
            {
                StringComparison.Ordinal => "LIKE",
                StringComparison.OrdinalIgnoreCase => "ILIKE",
                _ => throw Unsupported(context, call, "only StringComparison.Ordinal and OrdinalIgnoreCase translate"),
            };
        }

        var escaped = EscapeLike(text);
        var pattern = call.Method.Name switch
        {
            nameof(string.StartsWith) => escaped + "%",
            nameof(string.EndsWith) => "%" + escaped,
            _ => "%" + escaped + "%",
        };

        // The pattern is bound as it is, not through ToParameter: it is a LIKE pattern, not a stored value.
        Sql like = $"{ValueOf(context, member)} {Sql.Raw(keyword)} {Sql.Parameter(pattern)} ESCAPE '\\'";
        return negated ? NotTrue(like) : like;
    }

    private static string EscapeLike(string text) => text
        .Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("%", "\\%", StringComparison.Ordinal)
        .Replace("_", "\\_", StringComparison.Ordinal);

    private static Sql NullOrEmpty(Context context, Expression argument, bool negated)
    {
        var member = Resolve(context, argument);
        if (!member.IsMember)
            throw Unsupported(context, argument, "string.IsNullOrEmpty translates only on a member of the parameter");

        // '' is constant text of the translator, not a value from the caller.
        var read = ValueOf(context, member);
        var isNull = TargetFragment(context.Target.IsNull(member.Path!, isNull: !negated), negated: false);
        if (negated)
            return $"({isNull} AND {read} <> '')";
        return $"({isNull} OR {read} = '')";
    }

    /// <summary>
    /// Recognises <c>list.Contains(item)</c> in every form the compiler emits: an instance method of a collection,
    /// <c>Enumerable.Contains</c>, and (C# 14, arrays) <c>MemoryExtensions.Contains</c> over an implicit span.
    /// </summary>
    private static bool TryContainsArguments(MethodCallExpression call, out Expression collection, out Expression item)
    {
        collection = item = null!;
        if (call.Method.Name != nameof(Enumerable.Contains) || call.Type != typeof(bool))
            return false;

        var arguments = call.Arguments;
        if (call.Object is null)
        {
            var known = call.Method.DeclaringType == typeof(Enumerable) || call.Method.DeclaringType == typeof(MemoryExtensions);
            var plain = arguments.Count == 2 || (arguments.Count == 3 && arguments[2] is ConstantExpression { Value: null });
            if (!known || !plain)
                return false;
            collection = UnwrapSpan(arguments[0]);
            item = arguments[1];
            return true;
        }

        if (arguments.Count != 1 || call.Object.Type == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(call.Object.Type))
            return false;
        collection = call.Object;
        item = arguments[0];
        return true;
    }

    private static Expression UnwrapSpan(Expression node)
    {
        var isSpan = node.Type.IsGenericType
            && (node.Type.GetGenericTypeDefinition() == typeof(ReadOnlySpan<>) || node.Type.GetGenericTypeDefinition() == typeof(Span<>));
        if (!isSpan)
            return node;
        return node switch
        {
            MethodCallExpression { Method.Name: "op_Implicit", Arguments: [var source] } => StripConversions(source),
            UnaryExpression { NodeType: ExpressionType.Convert, Method.Name: "op_Implicit" } conversion => StripConversions(conversion.Operand),
            _ => node,
        };
    }

    private static Sql Contains(Context context, MethodCallExpression call, Expression collection, Expression item, bool negated)
    {
        // x.Tags.Contains("vip"): the collection is stored, the element is a value.
        if (MemberPathOf(context, collection) is { } collectionPath)
        {
            if (collectionPath.Type == typeof(string))
                throw Unsupported(context, call, "a string is not a collection here; use x.Name.Contains(\"text\")");
            if (ReferencesParameter(context, item))
                throw Unsupported(context, item, "the element looked for in a stored collection must be a value");
            return TargetFragment(context.Target.CollectionContains(collectionPath, Evaluate(item)), negated);
        }

        // ids.Contains(x.Id): the collection is a value, the element is stored.
        if (ReferencesParameter(context, collection))
            throw Unsupported(context, collection, Describe(StripConversions(collection)));
        var member = Resolve(context, item);
        if (!member.IsMember)
            throw Unsupported(context, call, "Contains translates only when the collection or the element is a member of the parameter");
        var values = Evaluate(collection) as IEnumerable
            ?? throw Unsupported(context, collection, "the collection is null");
        return AnyOf(context, collection, member, values, negated);
    }
}
