namespace Keel;

/// <summary>One problem the <see cref="MigrationLinter"/> found in a migration script.</summary>
/// <param name="File">The file name passed to <see cref="MigrationLinter.Lint"/>, for reporting.</param>
/// <param name="Line">1-based line of the offending token (the clause, not necessarily the statement's start).</param>
/// <param name="Column">1-based column of the offending token.</param>
/// <param name="Rule">The stable rule id, e.g. <c>drop-column</c>; see <see cref="MigrationLinter.Rules"/>.</param>
/// <param name="Severity">Warning or Error.</param>
/// <param name="Message">What was found, the lock it takes and whether it scans or rewrites the table.</param>
/// <param name="SafeAlternative">How to get the same result without the risk.</param>
public sealed record LintFinding(string File, int Line, int Column, string Rule, LintSeverity Severity, string Message, string SafeAlternative)
{
    /// <summary>Formats the finding as <c>file:line:column: severity rule: message</c>, the shape compilers use.</summary>
    public override string ToString()
        => $"{File}:{Line}:{Column}: {(Severity == LintSeverity.Error ? "error" : "warning")} {Rule}: {Message}";
}
