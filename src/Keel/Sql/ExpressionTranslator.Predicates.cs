using System.Linq.Expressions;

namespace Keel;

internal static partial class ExpressionTranslator
{
    // Shared instances so a junction can recognise a folded constant by reference.
    private static readonly Sql True = Sql.Raw("true");
    private static readonly Sql False = Sql.Raw("false");

    // Negation is pushed down to the leaves rather than emitted as NOT (…): SQL's NOT keeps NULL as NULL, so
    // NOT (year < 2000) would drop rows with no year that C#'s !(x.Year < 2000) keeps.
    private static Sql Predicate(Context context, Expression node, bool negated)
    {
        if (!ReferencesParameter(context, node))
            return BooleanLiteral(Evaluate(node) is true != negated);

        switch (node.NodeType)
        {
            case ExpressionType.AndAlso or ExpressionType.And when node.Type == typeof(bool):
                return Junction(context, (BinaryExpression)node, negated ? "OR" : "AND", negated);
            case ExpressionType.OrElse or ExpressionType.Or when node.Type == typeof(bool):
                return Junction(context, (BinaryExpression)node, negated ? "AND" : "OR", negated);
            case ExpressionType.Not when node.Type == typeof(bool):
                return Predicate(context, ((UnaryExpression)node).Operand, !negated);
            case ExpressionType.Equal or ExpressionType.NotEqual or ExpressionType.LessThan or ExpressionType.LessThanOrEqual
                or ExpressionType.GreaterThan or ExpressionType.GreaterThanOrEqual:
                var binary = (BinaryExpression)node;
                return Comparison(context, binary.Left, node.NodeType, binary.Right, negated);
            case ExpressionType.MemberAccess or ExpressionType.Convert:
                return MemberPredicate(context, node, negated);
            case ExpressionType.Call:
                return Call(context, (MethodCallExpression)node, negated);
            default:
                throw Unsupported(context, node, Describe(node));
        }
    }

    private static Sql Junction(Context context, BinaryExpression node, string keyword, bool negated)
    {
        var left = Predicate(context, node.Left, negated);
        var right = Predicate(context, node.Right, negated);

        // A captured flag (includeAll || x.Year > 2000) folds away instead of reaching the server as "false OR …".
        var absorbing = keyword == "AND" ? False : True;
        if (ReferenceEquals(left, absorbing) || ReferenceEquals(right, absorbing))
            return absorbing;
        if (ReferenceEquals(left, True) || ReferenceEquals(left, False))
            return right;
        if (ReferenceEquals(right, True) || ReferenceEquals(right, False))
            return left;
        return $"({left} {Sql.Raw(keyword)} {right})";
    }

    /// <summary>A boolean member alone (<c>x.Active</c>) or <c>x.Year.HasValue</c>.</summary>
    private static Sql MemberPredicate(Context context, Expression node, bool negated)
    {
        if (StripConversions(node) is MemberExpression { Member.Name: nameof(Nullable<int>.HasValue), Expression: { } nullable } && IsNullable(nullable.Type))
        {
            var nullablePath = MemberPathOf(context, nullable) ?? throw Unsupported(context, node, Describe(node));
            return TargetFragment(context.Target.IsNull(nullablePath, isNull: negated), negated: false);
        }

        var path = MemberPathOf(context, node) ?? throw Unsupported(context, StripConversions(node), Describe(StripConversions(node)));
        if ((Nullable.GetUnderlyingType(path.Type) ?? path.Type) != typeof(bool))
            throw Unsupported(context, node, $"member {path} is not a bool");

        // x.Active means x.Active == true, so the target may use its index-friendly equality.
        return ValueComparison(context, new Operand(node, path, null, null), ExpressionType.Equal, true, negated);
    }

    private static Sql Comparison(Context context, Expression leftNode, ExpressionType op, Expression rightNode, bool negated)
    {
        var left = Resolve(context, leftNode);
        var right = Resolve(context, rightNode);
        if (!left.IsMember)
        {
            // 2000 < x.Year reads as x.Year > 2000: the member always comes first.
            (left, right) = (right, left);
            op = Flip(op);
        }

        return right.IsMember
            ? MemberComparison(context, left, op, right, negated)
            : ValueComparison(context, left, op, right.Value, negated);
    }

    private static Sql ValueComparison(Context context, Operand member, ExpressionType op, object? value, bool negated)
    {
        var path = member.Path!;
        value = ToMemberType(value, path.Type);
        if (value is null)
        {
            // C#: x.Nick == null tests for null; a lifted ordering comparison with null (x.Year > null) is always false.
            return op switch
            {
                ExpressionType.Equal => TargetFragment(context.Target.IsNull(path, isNull: !negated), negated: false),
                ExpressionType.NotEqual => TargetFragment(context.Target.IsNull(path, isNull: negated), negated: false),
                _ => BooleanLiteral(negated),
            };
        }

        if (op == ExpressionType.NotEqual)
        {
            op = ExpressionType.Equal;
            negated = !negated;
        }

        if (op == ExpressionType.Equal && !negated && member.IsPlain && context.Target.TryEquals(path, value) is { } equals)
            return TargetFragment(equals, negated: false);

        var read = ValueOf(context, member);
        var parameter = Bind(context, path, value);
        if (op == ExpressionType.Equal)
        {
            // != is IS DISTINCT FROM, not NOT (containment): it is true for a null or missing member, as in C#.
            if (negated)
                return $"{read} IS DISTINCT FROM {parameter}";
            return $"{read} = {parameter}";
        }

        Sql comparison = $"{read} {Sql.Raw(Operator(op))} {parameter}";
        return negated ? NotTrue(comparison) : comparison;
    }

    private static Sql MemberComparison(Context context, Operand left, ExpressionType op, Operand right, bool negated)
    {
        var a = ValueOf(context, left);
        var b = ValueOf(context, right);
        if (op is ExpressionType.Equal or ExpressionType.NotEqual)
        {
            // C# treats two nulls as equal, so x.A == x.B is IS NOT DISTINCT FROM, not = (which yields NULL).
            var equal = (op == ExpressionType.Equal) != negated;
            if (equal)
                return $"{a} IS NOT DISTINCT FROM {b}";
            return $"{a} IS DISTINCT FROM {b}";
        }

        Sql comparison = $"{a} {Sql.Raw(Operator(op))} {b}";
        return negated ? NotTrue(comparison) : comparison;
    }

    private static ExpressionType Flip(ExpressionType op) => op switch
    {
        ExpressionType.LessThan => ExpressionType.GreaterThan,
        ExpressionType.LessThanOrEqual => ExpressionType.GreaterThanOrEqual,
        ExpressionType.GreaterThan => ExpressionType.LessThan,
        ExpressionType.GreaterThanOrEqual => ExpressionType.LessThanOrEqual,
        _ => op,
    };

    private static string Operator(ExpressionType op) => op switch
    {
        ExpressionType.LessThan => "<",
        ExpressionType.LessThanOrEqual => "<=",
        ExpressionType.GreaterThan => ">",
        ExpressionType.GreaterThanOrEqual => ">=",
        ExpressionType.Equal => "=",
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "Not a comparison."),
    };

    /// <summary>
    /// A boolean fragment written by the target, parenthesised because its text is not ours to inspect (it may
    /// hold an OR). Negated as IS NOT TRUE so a NULL from the fragment counts as "not matched" either way.
    /// </summary>
    private static Sql TargetFragment(Sql fragment, bool negated)
    {
        if (negated)
            return $"({fragment}) IS NOT TRUE";
        return $"({fragment})";
    }

    private static Sql NotTrue(Sql predicate) => $"({predicate}) IS NOT TRUE";

    private static Sql BooleanLiteral(bool value) => value ? True : False;
}
