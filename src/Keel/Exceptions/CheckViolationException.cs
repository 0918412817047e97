using Npgsql;

namespace Keel;

/// <summary>A row fails a CHECK constraint (SQLSTATE 23514).</summary>
public sealed class CheckViolationException : KeelDatabaseException
{
    /// <summary>Wraps the server error.</summary>
    public CheckViolationException(string message, PostgresException postgresException)
        : base(message, postgresException)
    {
    }
}
