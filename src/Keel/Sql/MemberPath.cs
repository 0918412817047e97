using System.Reflection;

namespace Keel;

/// <summary>
/// A chain of members read from a lambda's parameter: <c>x =&gt; x.Address.City</c> is [Address, City].
/// What SQL reads it (a jsonb path or a column) is up to an <see cref="IMemberSqlTarget"/>.
/// </summary>
internal sealed class MemberPath(IReadOnlyList<MemberInfo> members)
{
    public IReadOnlyList<MemberInfo> Members { get; } = members.Count > 0 ? members : throw new ArgumentException("A member path needs at least one member.", nameof(members));

    /// <summary>The .NET type of the last member.</summary>
    public Type Type => Members[^1] switch
    {
        PropertyInfo p => p.PropertyType,
        FieldInfo f => f.FieldType,
        var m => throw new NotSupportedException($"Member {m.Name} is neither a property nor a field."),
    };

    /// <summary>
    /// The member chain of a selector such as <c>x =&gt; x.Address.City</c> (a conversion around it is seen through).
    /// </summary>
    /// <exception cref="NotSupportedException">The body is not a plain member chain on the parameter.</exception>
    public static MemberPath FromLambda(System.Linq.Expressions.LambdaExpression selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        var members = new List<MemberInfo>();
        var node = selector.Body;
        while (node is System.Linq.Expressions.UnaryExpression { NodeType: System.Linq.Expressions.ExpressionType.Convert or System.Linq.Expressions.ExpressionType.ConvertChecked } convert)
            node = convert.Operand;
        while (node is System.Linq.Expressions.MemberExpression member)
        {
            members.Insert(0, member.Member);
            node = member.Expression;
        }

        if (members.Count == 0 || node != selector.Parameters[0])
            throw new NotSupportedException($"'{selector}' is not a member of the parameter (expected something like x => x.Address.City).");
        return new MemberPath(members);
    }

    /// <summary>Dotted .NET names, for messages: <c>Address.City</c>.</summary>
    public override string ToString() => string.Join('.', Members.Select(m => m.Name));
}
