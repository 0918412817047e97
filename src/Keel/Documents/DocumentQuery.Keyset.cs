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
        return KeysetCursor.Encode(values);
    }

    /// <summary>(k1 &gt; v1) OR (k1 = v1 AND k2 &gt; v2) … OR (all keys equal AND id &gt; last id), with &lt; for descending keys.</summary>
    private Sql KeysetPredicate(string cursor)
    {
        var values = KeysetCursor.Decode(cursor, _order.Length + 1);
        var keys = new List<(Sql Read, Sql Value, bool Descending)>();
        for (var i = 0; i < _order.Length; i++)
        {
            var (path, descending) = _order[i];
            var value = values[i].Deserialize(Mapping.Json.GetTypeInfo(path.Type));
            keys.Add((Mapping.Target.Value(path), Sql.Parameter(Mapping.Target.ToParameter(path, value)), descending));
        }

        var id = (TId)values[^1].Deserialize(Mapping.Json.GetTypeInfo(typeof(TId)))!;
        keys.Add((Sql.Raw("id"), (Sql)$"{id}", false));

        return KeysetCursor.Predicate(keys);
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
