namespace Keel;

/// <summary>
/// Error-level lint findings stopped the run before anything ran: in Production unless the operator allowed them,
/// and always for statements that cannot run inside the migration's transaction.
/// </summary>
public sealed class MigrationLintException : MigrationException
{
    /// <summary>Creates the exception.</summary>
    public MigrationLintException(IReadOnlyList<LintFinding> findings, string reason)
        : base(reason + Environment.NewLine + string.Join(Environment.NewLine, (findings ?? []).Select(f => "  " + f)))
    {
        Findings = findings ?? [];
    }

    /// <summary>The findings that blocked the run.</summary>
    public IReadOnlyList<LintFinding> Findings { get; }
}
