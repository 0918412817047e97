using Npgsql;

namespace Keel;

/// <summary>The one table that turns PostgreSQL errors into Keel's typed exceptions.</summary>
internal static class PostgresErrorTranslator
{
    public static KeelDatabaseException Translate(PostgresException e) => e.SqlState switch
    {
        PostgresErrorCodes.UniqueViolation => new UniqueViolationException(
            $"Duplicate key violates unique constraint \"{e.ConstraintName}\"{OnTable(e)}: {e.Detail ?? e.MessageText}", e),
        PostgresErrorCodes.ForeignKeyViolation => new ForeignKeyViolationException(
            $"Foreign key constraint \"{e.ConstraintName}\"{OnTable(e)} violated: {e.Detail ?? e.MessageText}", e),
        PostgresErrorCodes.CheckViolation => new CheckViolationException(
            $"Check constraint \"{e.ConstraintName}\"{OnTable(e)} violated: {e.MessageText}", e),
        PostgresErrorCodes.NotNullViolation => new NotNullViolationException(
            $"Column \"{e.ColumnName}\"{OnTable(e)} cannot be NULL: {e.MessageText}", e),
        PostgresErrorCodes.SerializationFailure => new SerializationFailureException(
            $"Serialization failure: {e.MessageText}. The transaction can be retried from the start.", e),
        PostgresErrorCodes.DeadlockDetected => new DeadlockException(
            $"Deadlock detected: {e.MessageText}. The transaction can be retried from the start.", e),
        PostgresErrorCodes.LockNotAvailable => new LockNotAvailableException(
            $"Lock not available: {e.MessageText}. Another transaction holds it (NOWAIT or lock_timeout).", e),
        PostgresErrorCodes.QueryCanceled => new QueryCanceledException(
            $"The statement was canceled: {e.MessageText}.", e),
        _ => new KeelDatabaseException($"PostgreSQL error {e.SqlState}: {e.MessageText}", e),
    };

    private static string OnTable(PostgresException e)
        => e.TableName is null ? string.Empty : $" on table \"{e.TableName}\"";
}
