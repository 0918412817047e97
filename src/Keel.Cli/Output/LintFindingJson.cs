namespace Keel.Cli.Output;

/// <summary>One finding of <c>keel migrate lint --format json</c>.</summary>
internal sealed record LintFindingJson(string File, int Line, int Column, string Rule, string Severity, string Message, string SafeAlternative)
{
    public static LintFindingJson From(LintFinding f) => new(f.File, f.Line, f.Column, f.Rule, SeverityName(f.Severity), f.Message, f.SafeAlternative);

    /// <summary>The severity as SARIF and the JSON output spell it.</summary>
    public static string SeverityName(LintSeverity severity) => severity == LintSeverity.Error ? "error" : "warning";
}
