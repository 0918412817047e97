using System.Text.Json;
using System.Text.Json.Nodes;

namespace Keel;

/// <summary>
/// Reads document members for the expression translator: a jsonb path with the cast for the member's type (the same
/// text the expression indexes use, so the planner can match them), or the real column of a duplicated member.
/// </summary>
internal sealed class DocumentMemberTarget(IDocumentLayout layout) : IMemberSqlTarget
{
    public Sql Value(MemberPath path)
    {
        if (layout.DuplicateFor(path) is { } duplicate)
            return Sql.Identifier(duplicate.Column);
        return Sql.Raw(ValueText(path));
    }

    /// <summary>The SQL text reading a member, without parameters: shared by queries and index DDL.</summary>
    public string ValueText(MemberPath path)
    {
        var text = TextPath(path);
        return layout.Members.KindOf(path.Type) switch
        {
            JsonMemberKind.Text or JsonMemberKind.Uuid => text,
            JsonMemberKind.Integer => $"({text})::integer",
            JsonMemberKind.BigInt => $"({text})::bigint",
            JsonMemberKind.Numeric => $"({text})::numeric",
            JsonMemberKind.Boolean => $"({text})::boolean",
            JsonMemberKind.Timestamp => $"({text})::timestamptz",
            JsonMemberKind.Date => $"({text})::date",
            _ => throw new NotSupportedException(
                $"Member '{path}' is an object or collection; compare its members, or use Contains for collections."),
        };
    }

    public Sql? TryEquals(MemberPath path, object? value)
    {
        // A member with its own expression index is compared through that index's expression (a btree serves
        // it best); containment is for members without one, where the GIN index over the whole document helps.
        if (value is null || layout.DuplicateFor(path) is not null || layout.HasIndexOn(path))
            return null;
        var kind = layout.Members.KindOf(path.Type);
        if (kind is not (JsonMemberKind.Text or JsonMemberKind.Integer or JsonMemberKind.BigInt or JsonMemberKind.Boolean or JsonMemberKind.Uuid))
            return null;
        // data @> {"a":{"b":value}}: one GIN index (jsonb_path_ops) serves equality on every member.
        return Contains(path, JsonSerializer.SerializeToNode(value, layout.Members.Options.GetTypeInfo(value.GetType())));
    }

    public Sql IsNull(MemberPath path, bool isNull)
    {
        var read = layout.DuplicateFor(path) is { } duplicate ? SqlIdentifiers.Quote(duplicate.Column) : TextPath(path);
        return Sql.Raw(isNull ? $"({read}) IS NULL" : $"({read}) IS NOT NULL");
    }

    public Sql CollectionContains(MemberPath path, object? element)
    {
        var elementType = element?.GetType() ?? typeof(object);
        var node = element is null ? null : JsonSerializer.SerializeToNode(element, layout.Members.Options.GetTypeInfo(elementType));
        return Contains(path, new JsonArray(node));
    }

    public object? ToParameter(MemberPath path, object? value)
    {
        // A duplicated uuid column compares with a Guid; everything read from JSON text compares with its JSON form.
        if (value is Guid && layout.DuplicateFor(path) is not null)
            return value;
        return layout.Members.ToParameter(path.Type, value);
    }

    /// <summary><c>data-&gt;'a'-&gt;&gt;'b'</c>: the member as text (JSON null and a missing key are both SQL NULL).</summary>
    public string TextPath(MemberPath path)
    {
        var names = layout.Members.Names(path);
        var builder = new System.Text.StringBuilder("data");
        for (var i = 0; i < names.Length; i++)
            builder.Append(i == names.Length - 1 ? "->>" : "->").Append(Literal(names[i]));
        return builder.ToString();
    }

    /// <summary><c>data-&gt;'a'-&gt;'b'</c>: the member as jsonb.</summary>
    public string JsonPath(MemberPath path)
    {
        var builder = new System.Text.StringBuilder("data");
        foreach (var name in layout.Members.Names(path))
            builder.Append("->").Append(Literal(name));
        return builder.ToString();
    }

    /// <summary>The member's JSON names as a text[] literal for jsonb_set: <c>'{address,city}'</c>.</summary>
    public string PathArray(MemberPath path)
        => Literal("{" + string.Join(',', layout.Members.Names(path).Select(n => "\"" + n.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"")) + "}");

    private Sql Contains(MemberPath path, JsonNode? leaf)
    {
        var names = layout.Members.Names(path);
        var node = leaf;
        for (var i = names.Length - 1; i >= 0; i--)
            node = new JsonObject { [names[i]] = node };
        return $"data @> {Sql.Jsonb(node!.ToJsonString())}";
    }

    /// <summary>A JSON property name as an SQL string literal. Names come from the .NET model, never from input; quotes are doubled anyway.</summary>
    private static string Literal(string name) => "'" + name.Replace("'", "''", StringComparison.Ordinal) + "'";
}
