namespace Keel;

/// <summary>
/// A PostgreSQL lexer good enough to split scripts and lint them: it knows every construct that can hide a
/// semicolon or a keyword (strings, escape strings, quoted identifiers, nested comments, dollar quotes) and
/// leaves the rest as words, numbers and operators. It never throws: an unterminated construct runs to the end
/// of the script, which is what the server would reject anyway.
/// </summary>
internal static class SqlTokenizer
{
    private const string OperatorChars = "+-*/<>=~!@#%^&|`?";

    /// <summary>All tokens of <paramref name="script"/> in order, comments included.</summary>
    public static List<SqlToken> Tokenize(string script)
    {
        ArgumentNullException.ThrowIfNull(script);
        var tokens = new List<SqlToken>();
        var i = 0;
        var line = 1;
        var lineStart = 0;
        while (i < script.Length)
        {
            var c = script[i];
            if (c == '\n')
            {
                i++;
                line++;
                lineStart = i;
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            var start = i;
            var kind = Scan(script, ref i);
            tokens.Add(new SqlToken(kind, script[start..i], start, line, start - lineStart + 1));

            // Strings, comments and identifiers may span lines; keep the line count right after them.
            for (var k = start; k < i; k++)
            {
                if (script[k] == '\n')
                {
                    line++;
                    lineStart = k + 1;
                }
            }
        }

        return tokens;
    }

    private static SqlTokenKind Scan(string s, ref int i)
    {
        var c = s[i];
        var next = i + 1 < s.Length ? s[i + 1] : '\0';

        if (c == '-' && next == '-')
        {
            while (i < s.Length && s[i] != '\n')
                i++;
            return SqlTokenKind.Comment;
        }

        if (c == '/' && next == '*')
        {
            ScanBlockComment(s, ref i);
            return SqlTokenKind.Comment;
        }

        if (c == '\'')
        {
            ScanQuoted(s, ref i, '\'', backslashEscapes: false);
            return SqlTokenKind.String;
        }

        if (c == '"')
        {
            ScanQuoted(s, ref i, '"', backslashEscapes: false);
            return SqlTokenKind.QuotedIdentifier;
        }

        // Prefixed constants: E'..' honours backslash escapes; B'..', X'..', N'..' and U&'..' do not.
        if (next == '\'' && c is 'E' or 'e')
        {
            i++;
            ScanQuoted(s, ref i, '\'', backslashEscapes: true);
            return SqlTokenKind.String;
        }

        if (next == '\'' && c is 'B' or 'b' or 'X' or 'x' or 'N' or 'n')
        {
            i++;
            ScanQuoted(s, ref i, '\'', backslashEscapes: false);
            return SqlTokenKind.String;
        }

        if (c is 'U' or 'u' && next == '&' && i + 2 < s.Length && s[i + 2] is '\'' or '"')
        {
            var quote = s[i + 2];
            i += 2;
            ScanQuoted(s, ref i, quote, backslashEscapes: false);
            return quote == '\'' ? SqlTokenKind.String : SqlTokenKind.QuotedIdentifier;
        }

        if (c == '$')
            return ScanDollar(s, ref i);

        if (IsIdentifierStart(c))
        {
            i++;
            while (i < s.Length && IsIdentifierPart(s[i]))
                i++;
            return SqlTokenKind.Word;
        }

        if (char.IsAsciiDigit(c) || (c == '.' && char.IsAsciiDigit(next)))
        {
            ScanNumber(s, ref i);
            return SqlTokenKind.Number;
        }

        if (c == ':' && next == ':')
        {
            i += 2;
            return SqlTokenKind.Operator;
        }

        if (c is '(' or ')' or '[' or ']' or ',' or ';' or '.' or ':')
        {
            i++;
            return SqlTokenKind.Punctuation;
        }

        if (OperatorChars.Contains(c, StringComparison.Ordinal))
        {
            // An operator run stops where a comment starts, as in the server's lexer.
            i++;
            while (i < s.Length && OperatorChars.Contains(s[i], StringComparison.Ordinal)
                   && !(s[i] == '-' && i + 1 < s.Length && s[i + 1] == '-')
                   && !(s[i] == '/' && i + 1 < s.Length && s[i + 1] == '*'))
                i++;
            return SqlTokenKind.Operator;
        }

        i++;
        return SqlTokenKind.Operator;
    }

    private static void ScanBlockComment(string s, ref int i)
    {
        // PostgreSQL block comments nest, unlike the SQL standard's.
        var depth = 0;
        while (i < s.Length)
        {
            if (s[i] == '/' && i + 1 < s.Length && s[i + 1] == '*')
            {
                depth++;
                i += 2;
            }
            else if (s[i] == '*' && i + 1 < s.Length && s[i + 1] == '/')
            {
                depth--;
                i += 2;
                if (depth == 0)
                    return;
            }
            else
            {
                i++;
            }
        }
    }

    private static void ScanQuoted(string s, ref int i, char quote, bool backslashEscapes)
    {
        i++;
        while (i < s.Length)
        {
            var c = s[i];
            if (backslashEscapes && c == '\\')
            {
                i += 2;
                continue;
            }

            i++;
            if (c == quote)
            {
                // A doubled quote is an escaped quote, not the end.
                if (i < s.Length && s[i] == quote)
                {
                    i++;
                    continue;
                }

                return;
            }
        }

        i = s.Length;
    }

    private static SqlTokenKind ScanDollar(string s, ref int i)
    {
        var start = i;
        var j = i + 1;
        if (j < s.Length && char.IsAsciiDigit(s[j]))
        {
            while (j < s.Length && char.IsAsciiDigit(s[j]))
                j++;
            i = j;
            return SqlTokenKind.Operator;
        }

        if (j < s.Length && IsIdentifierStart(s[j]))
        {
            j++;
            while (j < s.Length && IsIdentifierPart(s[j]) && s[j] != '$')
                j++;
        }

        if (j >= s.Length || s[j] != '$')
        {
            i = start + 1;
            return SqlTokenKind.Operator;
        }

        var delimiter = s[start..(j + 1)];
        var close = s.IndexOf(delimiter, j + 1, StringComparison.Ordinal);
        i = close < 0 ? s.Length : close + delimiter.Length;
        return SqlTokenKind.DollarString;
    }

    private static void ScanNumber(string s, ref int i)
    {
        // Digits, a fraction, an exponent, and the letters/underscores of 0x1F or 1_000; precision is not needed here.
        while (i < s.Length)
        {
            var c = s[i];
            if (char.IsAsciiLetterOrDigit(c) || c == '_' || (c == '.' && !(i + 1 < s.Length && s[i + 1] == '.')))
            {
                i++;
            }
            else if ((c is '+' or '-') && (s[i - 1] is 'e' or 'E') && i + 1 < s.Length && char.IsAsciiDigit(s[i + 1]))
            {
                i++;
            }
            else
            {
                return;
            }
        }
    }

    private static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c == '_' || c >= '\u0080';

    private static bool IsIdentifierPart(char c) => IsIdentifierStart(c) || char.IsAsciiDigit(c) || c == '$';
}
