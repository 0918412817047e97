using Npgsql;

namespace Keel;

/// <summary>The statement was canceled by the server: statement_timeout, or a cancel request not made through a CancellationToken (SQLSTATE 57014).</summary>
public sealed class QueryCanceledException : KeelDatabaseException
{
    /// <summary>Wraps the server error.</summary>
    public QueryCanceledException(string message, PostgresException postgresException)
        : base(message, postgresException)
    {
    }
}
