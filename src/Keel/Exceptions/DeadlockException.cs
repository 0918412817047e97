using Npgsql;

namespace Keel;

/// <summary>The transaction was chosen as a deadlock victim; retry it from the start (SQLSTATE 40P01).</summary>
public sealed class DeadlockException : KeelDatabaseException
{
    /// <summary>Wraps the server error.</summary>
    public DeadlockException(string message, PostgresException postgresException)
        : base(message, postgresException)
    {
    }

    /// <summary>Always true: the transaction can be run again from the start.</summary>
    public override bool IsRetryable => true;
}
