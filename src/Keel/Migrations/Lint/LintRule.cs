namespace Keel;

/// <summary>One entry of the linter's rule catalogue (<see cref="MigrationLinter.Rules"/>).</summary>
/// <param name="Id">Stable kebab-case id, used in findings and in <c>-- keel:allow &lt;id&gt; because ...</c>.</param>
/// <param name="Severity">The severity of its findings.</param>
/// <param name="Title">One line saying what the rule catches.</param>
/// <param name="Lock">The table lock the flagged statement takes.</param>
/// <param name="Work">Whether the flagged statement scans or rewrites the table under that lock.</param>
/// <param name="SafeAlternative">What to do instead.</param>
public sealed record LintRule(string Id, LintSeverity Severity, string Title, TableLock Lock, TableWork Work, string SafeAlternative)
{
    /// <summary>The lock as PostgreSQL spells it (<c>ACCESS EXCLUSIVE</c>), or an empty string for <see cref="TableLock.None"/>.</summary>
    public string LockName => LockNames.Of(Lock);
}
