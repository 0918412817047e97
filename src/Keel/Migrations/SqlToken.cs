namespace Keel;

/// <summary>
/// One lexical token of a SQL script, with its position in the script.
/// <paramref name="Text"/> is the exact source text; <paramref name="Line"/> and <paramref name="Column"/> are 1-based
/// (columns count UTF-16 code units).
/// </summary>
internal readonly record struct SqlToken(SqlTokenKind Kind, string Text, int Offset, int Line, int Column)
{
    /// <summary>The offset just past the token.</summary>
    public int End => Offset + Text.Length;

    /// <summary>True for an unquoted word equal to <paramref name="keyword"/> (case-insensitive). Strings, comments and quoted identifiers never match.</summary>
    public bool Is(string keyword) => Kind == SqlTokenKind.Word && string.Equals(Text, keyword, StringComparison.OrdinalIgnoreCase);

    /// <summary>True for punctuation or an operator spelled exactly <paramref name="symbol"/>.</summary>
    public bool IsSymbol(string symbol) => (Kind is SqlTokenKind.Punctuation or SqlTokenKind.Operator) && Text == symbol;

    /// <summary>
    /// The name this token denotes when used as an identifier: an unquoted word folded to lower case
    /// (as PostgreSQL does), a quoted identifier with its quotes removed and doubled quotes undone.
    /// </summary>
    public string Name => Kind switch
    {
        SqlTokenKind.Word => Text.ToLowerInvariant(),
        SqlTokenKind.QuotedIdentifier => Unquote(Text),
        _ => Text,
    };

    private static string Unquote(string text)
    {
        // A U&"..." identifier keeps its prefix in Text; an unterminated one runs to the end of the script.
        var start = text.IndexOf('"', StringComparison.Ordinal) + 1;
        var end = text.Length > start && text[^1] == '"' ? text.Length - 1 : text.Length;
        return text[start..end].Replace("\"\"", "\"", StringComparison.Ordinal);
    }
}
