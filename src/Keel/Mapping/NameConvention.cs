using System.Text;

namespace Keel;

/// <summary>How Keel matches .NET member names to PostgreSQL column names.</summary>
internal static class NameConvention
{
    /// <summary>
    /// The key two names are compared by: letters and digits only, lower-cased, so <c>CreatedAt</c>,
    /// <c>createdAt</c> and <c>created_at</c> all match.
    /// </summary>
    public static string MatchKey(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (c != '_')
                builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }

    /// <summary>PascalCase or camelCase to snake_case: <c>LastLoginAt</c> → <c>last_login_at</c>, <c>HTTPCode</c> → <c>http_code</c>.</summary>
    public static string ToSnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                var previousIsLowerOrDigit = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]));
                var endOfAcronym = i > 0 && char.IsUpper(name[i - 1]) && i + 1 < name.Length && char.IsLower(name[i + 1]);
                if (builder.Length > 0 && (previousIsLowerOrDigit || endOfAcronym) && builder[^1] != '_')
                    builder.Append('_');
                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>An English plural for a table name: <c>category</c> → <c>categories</c>, <c>address</c> → <c>addresses</c>, <c>user</c> → <c>users</c>.</summary>
    public static string Plural(string name)
    {
        if (name.Length > 1 && name[^1] == 'y' && !"aeiou".Contains(name[^2], StringComparison.Ordinal))
            return name[..^1] + "ies";
        if (name.EndsWith('s') || name.EndsWith('x') || name.EndsWith('z') || name.EndsWith("ch", StringComparison.Ordinal) || name.EndsWith("sh", StringComparison.Ordinal))
            return name + "es";
        return name + "s";
    }
}
