namespace Keel;

/// <summary>Another migration runner holds the migration lock (fail-fast mode, or the wait timed out); nothing ran.</summary>
public sealed class MigrationLockException : MigrationException
{
    /// <summary>Creates the exception.</summary>
    public MigrationLockException(string message) : base(message)
    {
    }
}
