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

    /// <summary>Dotted .NET names, for messages: <c>Address.City</c>.</summary>
    public override string ToString() => string.Join('.', Members.Select(m => m.Name));
}
