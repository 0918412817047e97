using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Keel;

/// <summary>Keyset cursors: the ordering members' values and the id of the last item, as base64url JSON.</summary>
public sealed partial class DocumentQuery<T, TId>
{
    private string CursorAfter(T last)
    {
        var values = new JsonArray();
        foreach (var (path, _) in _order)
            values.Add(JsonSerializer.SerializeToNode(Read(path, last), Mapping.Json.GetTypeInfo(path.Type)));
        values.Add(JsonSerializer.SerializeToNode(Mapping.GetId(last), Mapping.Json.GetTypeInfo(typeof(TId))));
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(values.ToJsonString())).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>(k1 &gt; v1) OR (k1 = v1 AND k2 &gt; v2) … OR (all keys equal AND id &gt; last id), with &lt; for descending keys.</summary>
    private Sql KeysetPredicate(string cursor)
    {
        JsonArray values;
        try
        {
            var base64 = cursor.Replace('-', '+').Replace('_', '/');
            base64 += new string('=', (4 - (base64.Length % 4)) % 4);
            values = JsonNode.Parse(Convert.FromBase64String(base64))!.AsArray();
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException or NullReferenceException)
        {
            throw new ArgumentException("The cursor is not one this query produced (it does not decode).", nameof(cursor), e);
        }

        if (values.Count != _order.Length + 1)
            throw new ArgumentException($"The cursor holds {values.Count - 1} ordering values but the query orders by {_order.Length}; page with the same ordering that produced it.", nameof(cursor));

        var keys = new List<(Sql Read, Sql Value, bool Descending)>();
        for (var i = 0; i < _order.Length; i++)
        {
            var (path, descending) = _order[i];
            var value = values[i].Deserialize(Mapping.Json.GetTypeInfo(path.Type));
            keys.Add((Mapping.Target.Value(path), Sql.Parameter(Mapping.Target.ToParameter(path, value)), descending));
        }

        var id = (TId)values[^1].Deserialize(Mapping.Json.GetTypeInfo(typeof(TId)))!;
        keys.Add((Sql.Raw("id"), (Sql)$"{id}", false));

        var alternatives = new List<Sql>();
        for (var i = 0; i < keys.Count; i++)
        {
            var conditions = new List<Sql>();
            for (var j = 0; j < i; j++)
                conditions.Add($"{keys[j].Read} = {keys[j].Value}");
            var comparison = Sql.Raw(keys[i].Descending ? " < " : " > ");
            conditions.Add($"{keys[i].Read}{comparison}{keys[i].Value}");
            alternatives.Add($"({Sql.Join(" AND ", conditions)})");
        }

        return $"({Sql.Join(" OR ", alternatives)})";
    }

    private static object? Read(MemberPath path, T document)
    {
        object? current = document;
        foreach (var member in path.Members)
        {
            if (current is null)
                return null;
            current = member switch
            {
                System.Reflection.PropertyInfo p => p.GetValue(current),
                System.Reflection.FieldInfo f => f.GetValue(current),
                _ => null,
            };
        }

        return current;
    }

}
