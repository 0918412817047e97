namespace Keel;

/// <summary>
/// Checks PostgreSQL migration scripts for statements that destroy data, break code running during a deploy,
/// fail, or hold a lock that blocks traffic (see docs/migrations-lint.md). Stateless and thread-safe.
/// </summary>
/// <example>
/// <code>
/// var findings = new MigrationLinter().Lint(File.ReadAllText(path), path, new LintContext { InTransaction = true });
/// foreach (var f in findings) Console.WriteLine(f);
/// </code>
/// </example>
public sealed class MigrationLinter
{
    /// <summary>Every rule the linter can report, in a stable order, for docs and the CLI.</summary>
    public static IReadOnlyList<LintRule> Rules => LintRules.All;

    /// <summary>
    /// Lints one migration script. Statements are checked in order, and tables created earlier in the same
    /// script are exempt from the rules about locking existing tables (nobody else can be using them yet).
    /// </summary>
    /// <param name="script">The script text.</param>
    /// <param name="file">A name for the script, copied into each finding.</param>
    /// <param name="context">How the script will run; <see cref="LintContext.Default"/> when null.</param>
    /// <returns>The findings, ordered by position; empty when the script is clean.</returns>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "An instance, so options can be added and it can be registered and injected.")]
    public IReadOnlyList<LintFinding> Lint(string script, string file = "", LintContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(script);
        ArgumentNullException.ThrowIfNull(file);
        return new ScriptLinter(file, context ?? LintContext.Default).Run(script);
    }

    /// <summary>
    /// True when PostgreSQL refuses to run <paramref name="statement"/> inside a transaction block:
    /// CREATE/DROP INDEX CONCURRENTLY, REINDEX CONCURRENTLY (or SCHEMA/DATABASE/SYSTEM), DETACH PARTITION CONCURRENTLY,
    /// VACUUM, CREATE/DROP DATABASE, CREATE/DROP TABLESPACE, ALTER SYSTEM, CLUSTER without a table.
    /// A runner must execute such a statement on its own, outside any transaction.
    /// </summary>
    public static bool CannotRunInTransaction(SqlStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var tokens = SqlTokenizer.Tokenize(statement.Text);
        tokens.RemoveAll(t => t.Kind == SqlTokenKind.Comment);
        return TransactionRules.Reason(tokens) is not null;
    }
}
