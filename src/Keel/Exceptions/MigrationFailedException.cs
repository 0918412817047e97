namespace Keel;

/// <summary>
/// A migration failed. In modes each/all it was rolled back (nothing of it remains); in mode none the statements in
/// <see cref="StatementsApplied"/> stayed applied and <see cref="InvalidIndexes"/> lists indexes a failed
/// CONCURRENTLY build left INVALID. The history table records the failure either way.
/// </summary>
public sealed class MigrationFailedException : MigrationException
{
    /// <summary>Creates the exception.</summary>
    public MigrationFailedException(string migration, MigrationTransaction mode, IReadOnlyList<string> statementsApplied, IReadOnlyList<string> invalidIndexes, Exception innerException)
        : base(Describe(migration, mode, statementsApplied, invalidIndexes, innerException), innerException)
    {
        Migration = migration;
        Mode = mode;
        StatementsApplied = statementsApplied;
        InvalidIndexes = invalidIndexes;
    }

    /// <summary>The migration that failed.</summary>
    public string Migration { get; }

    /// <summary>The transaction mode it ran in.</summary>
    public MigrationTransaction Mode { get; }

    /// <summary>Statements that ran and stayed applied (mode none only).</summary>
    public IReadOnlyList<string> StatementsApplied { get; }

    /// <summary>Indexes left INVALID by a failed CONCURRENTLY build.</summary>
    public IReadOnlyList<string> InvalidIndexes { get; }

    private static string Describe(string migration, MigrationTransaction mode, IReadOnlyList<string> applied, IReadOnlyList<string> invalid, Exception inner)
    {
        var text = $"Migration {migration} failed: {inner?.Message}";
        if (mode != MigrationTransaction.None)
            return text + " It was rolled back; nothing of it remains.";
        text += $" It ran without a transaction: {applied?.Count ?? 0} statement(s) before the failure stayed applied.";
        foreach (var index in invalid ?? [])
            text += $" Index {index} was left INVALID: run DROP INDEX CONCURRENTLY {index}; then run the migration again.";
        return text + " Fix the cause, then 'repair' and 'up'.";
    }
}
