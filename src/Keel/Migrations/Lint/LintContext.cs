namespace Keel;

/// <summary>How a migration will be run, which changes what is safe.</summary>
public sealed record LintContext
{
    /// <summary>The default: the script runs inside a transaction and the runner sets <c>lock_timeout</c>.</summary>
    public static LintContext Default { get; } = new();

    /// <summary>
    /// True when the whole script runs in one transaction (every transaction mode except <c>none</c>).
    /// Statements that cannot run in a transaction are then errors, and NOT VALID + VALIDATE in one script gains nothing.
    /// </summary>
    public bool InTransaction { get; init; } = true;

    /// <summary>
    /// True when the runner sets <c>lock_timeout</c> before each migration. When false, a script that takes
    /// ACCESS EXCLUSIVE on an existing table must set it itself (<c>missing-lock-timeout</c>).
    /// </summary>
    public bool RunnerSetsLockTimeout { get; init; } = true;
}
