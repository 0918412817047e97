namespace Keel;

/// <summary>How migrations are wrapped in transactions.</summary>
public enum MigrationTransaction
{
    /// <summary>Each migration in its own transaction (the default): a failure undoes that migration only.</summary>
    Each,

    /// <summary>All pending migrations in one transaction: a failure undoes the whole run.</summary>
    All,

    /// <summary>
    /// No transaction: each statement runs and commits on its own — required for CREATE INDEX CONCURRENTLY, VACUUM and
    /// the like. A failure leaves the statements before it applied; the runner reports them.
    /// </summary>
    None,
}
