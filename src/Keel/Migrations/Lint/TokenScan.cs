namespace Keel;

/// <summary>Small helpers for walking a statement's tokens (comments already removed).</summary>
internal static class TokenScan
{
    /// <summary>True when the words at <paramref name="i"/> are <paramref name="words"/>, in order.</summary>
    public static bool Words(IReadOnlyList<SqlToken> t, int i, params ReadOnlySpan<string> words)
    {
        if (i < 0 || i + words.Length > t.Count)
            return false;
        for (var k = 0; k < words.Length; k++)
        {
            if (!t[i + k].Is(words[k]))
                return false;
        }

        return true;
    }

    /// <summary>Index of the first top-level word <paramref name="word"/> in [start, end), or -1.</summary>
    public static int FindWord(IReadOnlyList<SqlToken> t, int start, int end, string word)
    {
        var depth = 0;
        for (var i = start; i < end; i++)
        {
            if (t[i].IsSymbol("(") || t[i].IsSymbol("["))
                depth++;
            else if (t[i].IsSymbol(")") || t[i].IsSymbol("]"))
                depth--;
            else if (depth == 0 && t[i].Is(word))
                return i;
        }

        return -1;
    }

    /// <summary>The index just after the bracket that closes the one at <paramref name="open"/>.</summary>
    public static int SkipParens(IReadOnlyList<SqlToken> t, int open)
    {
        var depth = 0;
        for (var i = open; i < t.Count; i++)
        {
            if (t[i].IsSymbol("(") || t[i].IsSymbol("["))
                depth++;
            else if ((t[i].IsSymbol(")") || t[i].IsSymbol("]")) && --depth == 0)
                return i + 1;
        }

        return t.Count;
    }

    /// <summary>The [start, end) ranges between top-level commas in [start, end).</summary>
    public static List<(int Start, int End)> SplitCommas(IReadOnlyList<SqlToken> t, int start, int end)
    {
        var parts = new List<(int, int)>();
        var depth = 0;
        var from = start;
        for (var i = start; i < end; i++)
        {
            if (t[i].IsSymbol("(") || t[i].IsSymbol("["))
                depth++;
            else if (t[i].IsSymbol(")") || t[i].IsSymbol("]"))
                depth--;
            else if (depth == 0 && t[i].IsSymbol(","))
            {
                parts.Add((from, i));
                from = i + 1;
            }
        }

        if (from < end)
            parts.Add((from, end));
        return parts;
    }

    /// <summary>
    /// Reads a possibly schema-qualified name at <paramref name="i"/> and returns its last part (tables are
    /// matched by that), advancing <paramref name="i"/> past it. Returns null when no name is there.
    /// </summary>
    public static string? ReadName(IReadOnlyList<SqlToken> t, ref int i)
    {
        string? name = null;
        while (i < t.Count && t[i].Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier)
        {
            name = t[i].Name;
            i++;
            if (i < t.Count && t[i].IsSymbol(".") && i + 1 < t.Count)
                i++;
            else
                break;
        }

        return name;
    }

    /// <summary>The names listed in parentheses at <paramref name="open"/> (a column list).</summary>
    public static List<string> ReadNameList(IReadOnlyList<SqlToken> t, int open)
    {
        var names = new List<string>();
        if (open >= t.Count || !t[open].IsSymbol("("))
            return names;
        var close = SkipParens(t, open) - 1;
        foreach (var (start, end) in SplitCommas(t, open + 1, close))
        {
            if (end > start && t[start].Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier)
                names.Add(t[start].Name);
        }

        return names;
    }
}
