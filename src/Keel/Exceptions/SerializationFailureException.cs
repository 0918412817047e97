using Npgsql;

namespace Keel;

/// <summary>The transaction could not be serialized with concurrent ones; retry it from the start (SQLSTATE 40001).</summary>
public sealed class SerializationFailureException : KeelDatabaseException
{
    /// <summary>Wraps the server error.</summary>
    public SerializationFailureException(string message, PostgresException postgresException)
        : base(message, postgresException)
    {
    }

    /// <summary>Always true: the transaction can be run again from the start.</summary>
    public override bool IsRetryable => true;
}
