using Microsoft.Extensions.Logging;

namespace Keel;

/// <summary>Linting what is about to run.</summary>
public sealed partial class MigrationRunner
{
    private static readonly MigrationLinter Linter = new();

    /// <summary>Lints the pending SQL migrations as they will run (in a transaction or not).</summary>
    public IReadOnlyList<LintFinding> Lint(IEnumerable<MigrationScript> migrations)
    {
        ArgumentNullException.ThrowIfNull(migrations);
        var findings = new List<LintFinding>();
        foreach (var migration in migrations)
        {
            if (migration.UpSql is null)
                continue;
            var context = new LintContext
            {
                InTransaction = ModeOf(migration) != MigrationTransaction.None,
                RunnerSetsLockTimeout = (migration.Directives.LockTimeout ?? Options.LockTimeout) is not null,
            };
            findings.AddRange(Linter.Lint(migration.UpSql, migration.Script, context));
        }

        return findings;
    }

    private void Lint(List<MigrationScript> pending)
    {
        var findings = Lint((IEnumerable<MigrationScript>)pending);
        var errors = findings.Where(f => f.Severity == LintSeverity.Error).ToList();

        // A statement that cannot run in a transaction would fail anyway; stopping here leaves the database untouched.
        var impossible = errors.Where(f => f.Rule == "concurrently-in-transaction").ToList();
        if (impossible.Count > 0)
            throw new MigrationLintException(impossible, "These statements cannot run inside a transaction; mark their migration '-- keel:transaction none'. Nothing ran.");
        if (errors.Count > 0 && Options.IsProduction && !Options.AllowLintErrors)
            throw new MigrationLintException(errors, $"{errors.Count} error-level lint finding(s) block 'up' in Production. Fix them, suppress each with '-- keel:allow <rule> because <reason>', or pass the explicit allow flag. Nothing ran.");
        foreach (var finding in findings)
        {
            if (_logger.IsEnabled(LogLevel.Warning))
                _logger.LogWarning("Lint {Severity} {Rule} at {File}:{Line}:{Column}: {Message}", finding.Severity, finding.Rule, finding.File, finding.Line, finding.Column, finding.Message);
        }
    }
}
