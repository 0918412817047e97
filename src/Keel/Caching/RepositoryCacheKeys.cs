using System.Globalization;
using System.Text;

namespace Keel;

/// <summary>
/// How cached repository views name their keys and tags, from a table's identity: shared so that a view over any
/// repository kind (documents, relational) names the same table's entries the same way.
/// </summary>
internal static class RepositoryCacheKeys
{
    /// <summary>
    /// <c>schema.table</c>, with <c>@tenant</c> for a tenant's rows: the tag every cached query on the table carries.
    /// The tenant's <c>%</c>, <c>:</c> and <c>@</c> are escaped, so no tenant id can reach into another tenant's keys
    /// (tenant <c>a</c> with id <c>1:2</c> and tenant <c>a:1</c> with id <c>2</c> stay apart).
    /// </summary>
    public static string Table(string schema, string table, string? tenant)
        => tenant is null ? $"{schema}.{table}" : $"{schema}.{table}@{EscapeTenant(tenant)}";

    /// <summary>The key of one row or document by id: <c>row:public.users:42</c>.</summary>
    public static string Row(string tableTag, object id) => $"row:{tableTag}:{Format(id)}";

    /// <summary>The tag for entries derived from one row (the <c>user:42:*</c> pattern): <c>public.users:42</c>.</summary>
    public static string RowTag(string tableTag, object id) => $"{tableTag}:{Format(id)}";

    /// <summary>
    /// The tag every cached row of the table carries in a relational view: <c>rows:public.users</c>. A set-based write
    /// drops it, since it cannot name the rows it changed; a write of one row leaves the other rows cached.
    /// </summary>
    public static string Rows(string tableTag) => "rows:" + tableTag;

    /// <summary>The key of a named query's result: <c>query:public.users:by-city(Oslo,3)</c>.</summary>
    public static string Query(string tableTag, string name, IReadOnlyList<object?> arguments)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var key = new StringBuilder("query:").Append(tableTag).Append(':').Append(name).Append('(');
        for (var i = 0; i < arguments.Count; i++)
        {
            if (i > 0)
                key.Append(',');
            // Escaped so that ("a,b") and ("a", "b") never share a key.
            key.Append(arguments[i] is null ? "\\0" : Format(arguments[i]!).Replace("\\", "\\\\", StringComparison.Ordinal).Replace(",", "\\,", StringComparison.Ordinal));
        }

        return key.Append(')').ToString();
    }

    private static string EscapeTenant(string tenant)
        => tenant.AsSpan().IndexOfAny('%', ':', '@') < 0
            ? tenant
            : tenant.Replace("%", "%25", StringComparison.Ordinal).Replace(":", "%3A", StringComparison.Ordinal).Replace("@", "%40", StringComparison.Ordinal);

    private static string Format(object value) => value switch
    {
        string s => s,
        DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset d => d.ToString("O", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
