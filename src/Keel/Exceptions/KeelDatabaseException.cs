using Npgsql;

namespace Keel;

/// <summary>
/// A PostgreSQL error, translated. The original <see cref="Npgsql.PostgresException"/> stays available as
/// <see cref="PostgresException"/> (and as <see cref="Exception.InnerException"/>) with every field the server sent.
/// </summary>
public class KeelDatabaseException : KeelException
{
    /// <summary>Wraps a server error.</summary>
    public KeelDatabaseException(string message, PostgresException postgresException)
        : base(message, postgresException)
    {
        PostgresException = postgresException;
    }

    /// <summary>The server's error, as Npgsql reported it.</summary>
    public PostgresException PostgresException { get; }

    /// <summary>The five-character SQLSTATE code, e.g. <c>23505</c>.</summary>
    public string SqlState => PostgresException.SqlState;

    /// <summary>The constraint involved, when the server names one.</summary>
    public string? ConstraintName => PostgresException.ConstraintName;

    /// <summary>The table involved, when the server names one.</summary>
    public string? TableName => PostgresException.TableName;

    /// <summary>The schema involved, when the server names one.</summary>
    public string? SchemaName => PostgresException.SchemaName;

    /// <summary>The column involved, when the server names one.</summary>
    public string? ColumnName => PostgresException.ColumnName;

    /// <summary>True when running the same work again may succeed (serialization failure, deadlock).</summary>
    public virtual bool IsRetryable => false;
}
