using System.Linq.Expressions;
using System.Reflection;

namespace Keel;

/// <summary>
/// Keel's one translator from LINQ expressions to SQL. It knows C# semantics (operators, nulls, string methods,
/// captured values); an <see cref="IMemberSqlTarget"/> knows the storage (jsonb paths or columns). Translation
/// happens once per query shape, so clarity wins over allocation here.
/// </summary>
/// <remarks>
/// Null semantics follow C#, not SQL: <c>x.Nick != "a"</c> is true for a null nick (<c>IS DISTINCT FROM</c>), and a
/// negated comparison is true when the member is null (<c>(… &lt; $1) IS NOT TRUE</c>). The translated SQL is true
/// exactly when the C# predicate would be true, so it composes under AND, OR and NOT.
/// </remarks>
internal static partial class ExpressionTranslator
{
    private const string DocsHint = " See docs/documents.md for what translates.";

    /// <summary>Translates a predicate such as <c>x =&gt; x.Address.City == city &amp;&amp; x.Year &gt; 2000</c> to a SQL boolean expression.</summary>
    /// <exception cref="NotSupportedException">A part of the predicate has no translation; the message names it.</exception>
    public static Sql Where<T>(Expression<Func<T, bool>> predicate, IMemberSqlTarget target)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        ArgumentNullException.ThrowIfNull(target);
        return Predicate(new Context(predicate, target), predicate.Body, negated: false);
    }

    /// <summary>The member chain of a selector such as <c>x =&gt; x.Address.City</c> (a conversion around it is allowed).</summary>
    /// <exception cref="NotSupportedException">The selector is not a plain member chain on its parameter.</exception>
    public static MemberPath Member<T, TValue>(Expression<Func<T, TValue>> selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        var context = new Context(selector, target: null);
        return MemberPathOf(context, selector.Body)
            ?? throw Unsupported(context, selector.Body, "only a member of the parameter (such as x.Address.City) can be selected here");
    }

    /// <summary>Reads a member chain on the lambda's parameter, or returns null if <paramref name="node"/> is not one.</summary>
    /// <exception cref="NotSupportedException">The chain goes through a member of a .NET type, such as <c>x.Name.Length</c>.</exception>
    private static MemberPath? MemberPathOf(Context context, Expression node)
    {
        var current = StripConversions(node);

        // x.Year.Value reads the same stored member as x.Year.
        if (current is MemberExpression { Member.Name: nameof(Nullable<int>.Value) } nullableValue && IsNullable(nullableValue.Expression?.Type))
            current = StripConversions(nullableValue.Expression!);

        var members = new List<MemberInfo>();
        while (current is MemberExpression member)
        {
            members.Add(member.Member);
            if (member.Expression is null)
                return null;
            current = member.Expression;
        }

        if (current != context.Parameter || members.Count == 0)
            return null;

        members.Reverse();

        // A member of a framework type (string.Length, DateTime.Year) is computed, not stored: a storage layout
        // would read it as a nested key and silently find nothing.
        for (var i = 1; i < members.Count; i++)
        {
            if (IsFrameworkType(members[i].DeclaringType))
                throw Unsupported(context, node, $"member {TypeName(members[i].DeclaringType)}.{members[i].Name} is not supported");
        }

        return new MemberPath(members);
    }

    private static Expression StripConversions(Expression node)
    {
        while (node is UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked, Method: null } conversion)
            node = conversion.Operand;
        return node;
    }

    private static bool IsNullable(Type? type) => type is not null && Nullable.GetUnderlyingType(type) is not null;

    private static bool IsFrameworkType(Type? type)
        => type is not null && (type.Assembly == typeof(object).Assembly || (type.Namespace?.StartsWith("System", StringComparison.Ordinal) ?? false));

    private static NotSupportedException Unsupported(Context context, Expression node, string reason)
        => new($"Keel cannot translate '{node}' in '{context.Root}': {reason}.{DocsHint}");

    /// <summary>A readable type name for messages: <c>List&lt;T&gt;</c> is written <c>List</c>, not <c>List`1</c>.</summary>
    private static string TypeName(Type? type)
    {
        if (type is null)
            return "?";
        var name = type.Name;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        return tick < 0 ? name : name[..tick];
    }

    /// <summary>What one translation works against: the whole lambda (for messages), its parameter, and the storage.</summary>
    private sealed class Context(LambdaExpression root, IMemberSqlTarget? target)
    {
        public LambdaExpression Root { get; } = root;

        public ParameterExpression Parameter { get; } = root.Parameters.Count == 1
            ? root.Parameters[0]
            : throw new ArgumentException("Keel translates lambdas of exactly one parameter.", nameof(root));

        public IMemberSqlTarget Target => target ?? throw new InvalidOperationException("This translation has no storage target.");

        /// <summary>The target's relations, when it has a target and the target has relations.</summary>
        public IRelationSqlTarget? Relations => target as IRelationSqlTarget;
    }
}
