using Npgsql;

namespace Keel;

/// <summary>A lock could not be taken: NOWAIT found it held, or lock_timeout expired (SQLSTATE 55P03).</summary>
public sealed class LockNotAvailableException : KeelDatabaseException
{
    /// <summary>Wraps the server error.</summary>
    public LockNotAvailableException(string message, PostgresException postgresException)
        : base(message, postgresException)
    {
    }
}
