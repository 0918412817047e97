namespace Keel;

/// <summary>
/// Splits a PostgreSQL script into statements the way the server's own lexer sees it.
/// </summary>
public static class SqlScript
{
    /// <summary>
    /// Splits <paramref name="script"/> at top-level semicolons. Semicolons inside single-quoted strings
    /// (<c>''</c> escapes), <c>E''</c> strings (backslash escapes), double-quoted identifiers, <c>--</c> and nested
    /// <c>/* */</c> comments, dollar-quoted bodies (<c>$$...$$</c>, <c>$tag$...$tag$</c>) and SQL-standard
    /// <c>BEGIN ATOMIC ... END</c> function bodies never split. Statements made only of comments and whitespace are dropped.
    /// </summary>
    /// <param name="script">The script text.</param>
    /// <returns>The statements in order, each with the 1-based line and column of its first token.</returns>
    public static IReadOnlyList<SqlStatement> Split(string script)
    {
        ArgumentNullException.ThrowIfNull(script);
        var parsed = Parse(script, SqlTokenizer.Tokenize(script));
        var statements = new SqlStatement[parsed.Count];
        for (var i = 0; i < parsed.Count; i++)
            statements[i] = parsed[i].Statement;
        return statements;
    }

    /// <summary>Groups the tokens of <paramref name="script"/> into statements, keeping each statement's non-comment tokens.</summary>
    internal static List<ParsedStatement> Parse(string script, IReadOnlyList<SqlToken> tokens)
    {
        var result = new List<ParsedStatement>();
        var current = new List<SqlToken>();
        var lastEnd = 0;
        var atomicDepth = 0;
        foreach (var token in tokens)
        {
            if (token.Kind == SqlTokenKind.Comment)
            {
                // A trailing comment inside the statement belongs to its text; a leading one does not.
                if (current.Count > 0)
                    lastEnd = token.End;
                continue;
            }

            if (token.IsSymbol(";") && atomicDepth == 0)
            {
                Flush(script, current, lastEnd, result);
                current = [];
                continue;
            }

            current.Add(token);
            lastEnd = token.End;
            atomicDepth = TrackAtomicBody(current, atomicDepth);
        }

        Flush(script, current, lastEnd, result);
        return result;
    }

    /// <summary>
    /// Inside CREATE FUNCTION/PROCEDURE with a <c>BEGIN ATOMIC</c> body, semicolons end the inner statements,
    /// not the outer one, until the matching END. CASE ... END nests inside such a body, so it counts too (as psql does).
    /// </summary>
    private static int TrackAtomicBody(List<SqlToken> current, int depth)
    {
        var token = current[^1];
        if (token.Kind != SqlTokenKind.Word || !IsRoutineDefinition(current))
            return depth;
        if (depth == 0)
            return token.Is("atomic") && current.Count >= 2 && current[^2].Is("begin") ? 1 : 0;
        if (token.Is("begin") || token.Is("case"))
            return depth + 1;
        if (token.Is("end"))
            return depth - 1;
        return depth;
    }

    private static bool IsRoutineDefinition(List<SqlToken> current)
    {
        if (current.Count < 2 || !current[0].Is("create"))
            return false;
        var i = 1;
        if (current[i].Is("or") && current.Count > 3 && current[i + 1].Is("replace"))
            i += 2;
        return current[i].Is("function") || current[i].Is("procedure");
    }

    private static void Flush(string script, List<SqlToken> current, int end, List<ParsedStatement> result)
    {
        if (current.Count == 0)
            return;
        var first = current[0];
        var text = script[first.Offset..end].TrimEnd();
        result.Add(new ParsedStatement(new SqlStatement(text, first.Line, first.Column), current));
    }
}
