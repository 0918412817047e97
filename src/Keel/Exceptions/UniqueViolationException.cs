using Npgsql;

namespace Keel;

/// <summary>A row would duplicate a unique key; <see cref="KeelDatabaseException.ConstraintName"/> names the constraint (SQLSTATE 23505).</summary>
public sealed class UniqueViolationException : KeelDatabaseException
{
    /// <summary>Wraps the server error.</summary>
    public UniqueViolationException(string message, PostgresException postgresException)
        : base(message, postgresException)
    {
    }
}
