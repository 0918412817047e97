using System.Text.RegularExpressions;

namespace Keel;

/// <summary>
/// The <c>keel:allow</c> comments of one script. A comment directly above a statement (no blank line between),
/// inside it, or after it on its last line suppresses the rule for that statement only; any other comment
/// (a header block followed by a blank line, say) suppresses it for the whole script. A comment without
/// <c>because &lt;reason&gt;</c> suppresses nothing and is itself a finding.
/// </summary>
internal sealed partial class Suppressions
{
    private readonly HashSet<string> _scriptWide = new(StringComparer.Ordinal);
    private readonly Dictionary<int, HashSet<string>> _byStatement = [];

    public bool IsSuppressed(string rule, int statement)
        => _scriptWide.Contains(rule) || (_byStatement.TryGetValue(statement, out var rules) && rules.Contains(rule));

    /// <summary>Reads the allow comments of <paramref name="script"/>; bad ones go to <paramref name="report"/>.</summary>
    public static Suppressions Parse(
        string script, IReadOnlyList<SqlToken> tokens, IReadOnlyList<ParsedStatement> statements, Action<LintRule, SqlToken, string> report)
    {
        var result = new Suppressions();
        foreach (var token in tokens)
        {
            if (token.Kind != SqlTokenKind.Comment)
                continue;
            var body = CommentBody(token.Text);
            if (!body.StartsWith("keel:allow", StringComparison.Ordinal))
                continue;

            var match = AllowPattern().Match(body);
            if (!match.Success || !match.Groups["reason"].Success)
            {
                report(LintRules.AllowWithoutReason, token,
                    $"'{body}' suppresses nothing: an allow comment must say why, as `keel:allow <rule-id> because <reason>`.");
                continue;
            }

            var target = AttachedStatement(script, token, statements);
            foreach (var id in match.Groups["ids"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (LintRules.Find(id) is null)
                {
                    report(LintRules.AllowUnknownRule, token, $"'{id}' is not a Keel lint rule, so this allow comment suppresses nothing.");
                    continue;
                }

                if (target < 0)
                {
                    result._scriptWide.Add(id);
                }
                else
                {
                    if (!result._byStatement.TryGetValue(target, out var set))
                        result._byStatement[target] = set = new HashSet<string>(StringComparer.Ordinal);
                    set.Add(id);
                }
            }
        }

        return result;
    }

    private static string CommentBody(string comment)
    {
        var body = comment.StartsWith("--", StringComparison.Ordinal)
            ? comment[2..]
            : comment[2..(comment.EndsWith("*/", StringComparison.Ordinal) && comment.Length >= 4 ? ^2 : ^0)];
        return body.Trim();
    }

    /// <summary>The index of the statement the comment belongs to, or -1 when it applies to the whole script.</summary>
    private static int AttachedStatement(string script, SqlToken comment, IReadOnlyList<ParsedStatement> statements)
    {
        for (var k = 0; k < statements.Count; k++)
        {
            var first = statements[k].Tokens[0];
            var last = statements[k].Tokens[^1];
            if (comment.Offset > first.Offset && comment.Offset < last.End)
                return k;

            // Trailing on the statement's last line: "DROP TABLE t; -- keel:allow drop-table because ...".
            var nextStart = k + 1 < statements.Count ? statements[k + 1].Tokens[0].Offset : script.Length;
            if (comment.Offset >= last.End && comment.Offset < nextStart && comment.Line == last.Line)
                return k;

            var previousEnd = k > 0 ? statements[k - 1].Tokens[^1].End : 0;
            if (comment.Offset >= previousEnd && comment.End <= first.Offset)
                return BlankLine().IsMatch(script.AsSpan(comment.End, first.Offset - comment.End)) ? -1 : k;
        }

        return -1;
    }

    [GeneratedRegex(@"^keel:allow\s+(?<ids>[a-z0-9-]+(\s*,\s*[a-z0-9-]+)*)(\s+because\s+(?<reason>\S.*))?$", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex AllowPattern();

    [GeneratedRegex(@"\n[ \t\r]*\n")]
    private static partial Regex BlankLine();
}
