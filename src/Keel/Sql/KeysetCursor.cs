using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Keel;

/// <summary>
/// Keyset pagination shared by document and entity queries: an opaque cursor (the last item's ordering values and
/// key as base64url JSON) and the predicate that continues after it, with no OFFSET.
/// </summary>
internal static class KeysetCursor
{
    public static string Encode(JsonArray values)
        => Convert.ToBase64String(Encoding.UTF8.GetBytes(values.ToJsonString())).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The values a cursor holds; <paramref name="expected"/> is how many the query's ordering and key need.</summary>
    /// <exception cref="ArgumentException">The cursor does not decode, or holds a different number of values.</exception>
    public static JsonArray Decode(string cursor, int expected)
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

        if (values.Count != expected)
            throw new ArgumentException($"The cursor holds {values.Count} values but this query's ordering and key need {expected}; page with the same ordering that produced it.", nameof(cursor));
        return values;
    }

    /// <summary>(k1 &gt; v1) OR (k1 = v1 AND k2 &gt; v2) … with &lt; for descending keys: the rows after the cursor.</summary>
    public static Sql Predicate(IReadOnlyList<(Sql Read, Sql Value, bool Descending)> keys)
    {
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
}
