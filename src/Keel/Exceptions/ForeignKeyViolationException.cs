using Npgsql;

namespace Keel;

/// <summary>A row references a missing parent, or a parent still has children (SQLSTATE 23503).</summary>
public sealed class ForeignKeyViolationException : KeelDatabaseException
{
    /// <summary>Wraps the server error.</summary>
    public ForeignKeyViolationException(string message, PostgresException postgresException)
        : base(message, postgresException)
    {
    }
}
