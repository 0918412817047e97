using Npgsql;

namespace Keel;

/// <summary>A NOT NULL column was given NULL; <see cref="KeelDatabaseException.ColumnName"/> names it (SQLSTATE 23502).</summary>
public sealed class NotNullViolationException : KeelDatabaseException
{
    /// <summary>Wraps the server error.</summary>
    public NotNullViolationException(string message, PostgresException postgresException)
        : base(message, postgresException)
    {
    }
}
