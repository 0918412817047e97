namespace Keel;

/// <summary>
/// Applied migrations no longer match their sources (a changed checksum, a vanished file, a failed partial run);
/// nothing ran. Restore the sources, or run <c>repair</c> if the change is intended.
/// </summary>
public sealed class MigrationValidationException : MigrationException
{
    /// <summary>Creates the exception.</summary>
    public MigrationValidationException(IReadOnlyList<string> problems)
        : base("Migration history does not match the sources; nothing ran:" + Environment.NewLine + string.Join(Environment.NewLine, (problems ?? []).Select(p => "  - " + p)))
    {
        Problems = problems ?? [];
    }

    /// <summary>Each mismatch, naming the migration.</summary>
    public IReadOnlyList<string> Problems { get; }
}
