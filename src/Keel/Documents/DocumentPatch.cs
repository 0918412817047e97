using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;
using System.Text.Json;

namespace Keel;

/// <summary>
/// Changes applied to a stored document in one UPDATE, without reading it first:
/// <c>p =&gt; p.Set(x =&gt; x.Address.City, "Oslo").Increment(x =&gt; x.Visits).Append(x =&gt; x.Tags, "vip")</c>.
/// Operations apply in order; <see cref="Set{TMember}"/> creates a missing last key but not missing parent objects.
/// </summary>
public sealed class DocumentPatch<[DynamicallyAccessedMembers(Mapped.Document)] T>
    where T : class
{
    private readonly DocumentMapping<T> _mapping;
    private readonly List<Func<Sql, Sql>> _steps = [];

    internal DocumentPatch(DocumentMapping<T> mapping) => _mapping = mapping;

    internal int Count => _steps.Count;

    /// <summary>Sets a member to a value (serialized as the member's type): <c>jsonb_set(d, '{address,city}', $1)</c>.</summary>
    public DocumentPatch<T> Set<TMember>(Expression<Func<T, TMember>> member, TMember value)
    {
        var (path, array) = Path(member);
        var json = Serialize(path.Type, value);
        _steps.Add(d => $"jsonb_set({d}, {Sql.Raw(array)}, {json}, true)");
        return this;
    }

    /// <summary>Adds to a numeric member (a missing member counts as 0): <c>to_jsonb(coalesce((d #&gt;&gt; path)::numeric, 0) + $1)</c>.</summary>
    public DocumentPatch<T> Increment<TMember>(Expression<Func<T, TMember>> member, decimal by = 1)
    {
        var (path, array) = Path(member);
        if (_mapping.Members.KindOf(path.Type) is not (JsonMemberKind.Integer or JsonMemberKind.BigInt or JsonMemberKind.Numeric))
            throw new NotSupportedException($"Increment needs a numeric member; '{path}' is {path.Type.Name}.");
        _steps.Add(d => $"jsonb_set({d}, {Sql.Raw(array)}, to_jsonb(coalesce(({d} #>> {Sql.Raw(array)})::numeric, 0) + {by}), true)");
        return this;
    }

    /// <summary>Appends an element to a collection member (a missing collection starts empty).</summary>
    public DocumentPatch<T> Append<TElement>(Expression<Func<T, IEnumerable<TElement>>> collection, TElement element)
    {
        var (_, array) = Path(collection);
        var json = Serialize(typeof(TElement), element);
        _steps.Add(d => $"jsonb_set({d}, {Sql.Raw(array)}, coalesce({d} #> {Sql.Raw(array)}, '[]'::jsonb) || jsonb_build_array({json}), true)");
        return this;
    }

    /// <summary>Removes every element equal to <paramref name="element"/> from a collection member.</summary>
    public DocumentPatch<T> Remove<TElement>(Expression<Func<T, IEnumerable<TElement>>> collection, TElement element)
    {
        var (_, array) = Path(collection);
        var json = Serialize(typeof(TElement), element);
        _steps.Add(d => $"jsonb_set({d}, {Sql.Raw(array)}, coalesce((SELECT jsonb_agg(e) FROM jsonb_array_elements(coalesce({d} #> {Sql.Raw(array)}, '[]'::jsonb)) e WHERE e <> {json}), '[]'::jsonb), true)");
        return this;
    }

    /// <summary>
    /// The patched document as a scalar sub-select over the row's current <c>data</c>; each step reads the previous
    /// one's result as <c>d</c>, so the statement grows linearly with the number of operations.
    /// </summary>
    internal Sql Build(IReadOnlyList<DuplicatedMember> duplicates)
    {
        Sql current = $"SELECT data AS d";
        for (var i = 0; i < _steps.Count; i++)
        {
            var alias = Sql.Raw("s" + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            current = $"SELECT {_steps[i](Sql.Raw(alias.Text + ".d"))} AS d FROM ({current}) {alias}";
        }

        // The duplicated columns are read back out of the patched document in the same statement.
        var outputs = new List<Sql> { Sql.Raw("p.d") };
        foreach (var duplicate in duplicates)
            outputs.Add(Sql.Raw($"(p.d #>> {_mapping.Target.PathArray(duplicate.Path)})::{duplicate.SqlType}"));
        return $"SELECT {Sql.Join(", ", outputs)} FROM ({current}) p";
    }

    private (MemberPath Path, string Array) Path(LambdaExpression member)
    {
        ArgumentNullException.ThrowIfNull(member);
        var path = MemberPath.FromLambda(member);
        return (path, _mapping.Target.PathArray(path));
    }

    private Sql Serialize(Type type, object? value)
        => Sql.Jsonb(JsonSerializer.SerializeToUtf8Bytes(value, _mapping.Json.GetTypeInfo(type)));
}
