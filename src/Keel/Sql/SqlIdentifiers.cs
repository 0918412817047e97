using System.Text;

namespace Keel;

/// <summary>The one quoting helper for PostgreSQL identifiers.</summary>
internal static class SqlIdentifiers
{
    /// <summary>PostgreSQL truncates identifiers longer than NAMEDATALEN - 1 bytes; Keel refuses them instead.</summary>
    public const int MaxIdentifierBytes = 63;

    public static string Quote(string name)
    {
        Validate(name);
        return "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    public static void Validate(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0 || string.IsNullOrWhiteSpace(name))
            throw new ArgumentException("An SQL identifier cannot be empty or blank.", nameof(name));
        foreach (var c in name)
        {
            if (char.IsControl(c))
                throw new ArgumentException(
                    $"The SQL identifier '{Printable(name)}' contains a control character (U+{(int)c:X4}); identifiers may not.",
                    nameof(name));
        }

        if (Encoding.UTF8.GetByteCount(name) > MaxIdentifierBytes)
            throw new ArgumentException(
                $"The SQL identifier '{name}' is longer than {MaxIdentifierBytes} bytes; PostgreSQL would silently truncate it.",
                nameof(name));
    }

    private static string Printable(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
            builder.Append(char.IsControl(c) ? '?' : c);
        return builder.ToString();
    }
}
