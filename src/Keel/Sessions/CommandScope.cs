using System.Diagnostics;
using Npgsql;

namespace Keel;

/// <summary>One command's passage through the door: when it started, its span, how it ended.</summary>
internal readonly struct CommandScope(CommandExecutor executor, string operation, string text, Sql sql, Activity? activity, long start)
{
    public string Operation { get; } = operation;

    public string Text { get; } = text;

    public Sql Sql { get; } = sql;

    public Activity? Activity { get; } = activity;

    public long Start { get; } = start;

    public void Complete(long rows) => executor.Finish(this, "ok", rows, null);

    /// <summary>
    /// Records a failed command and returns the exception to throw in its place, or null to rethrow the original.
    /// A server error becomes its typed <see cref="KeelDatabaseException"/>; a client timeout becomes
    /// <see cref="CommandTimeoutException"/>; cancellation, I/O and usage errors are rethrown as they are.
    /// </summary>
    public Exception? Fail(KeelSession session, Exception error, CancellationToken cancellationToken)
    {
        if (error is PostgresException server)
        {
            session.OnCommandFailed();
            executor.Finish(this, "error", 0, server.SqlState);
            return PostgresErrorTranslator.Translate(server);
        }

        // Cancellation, timeouts and connection failures end the statement on the server too, aborting an open
        // transaction; an error raised while mapping rows (a Keel usage error) leaves the server untouched.
        if (error is NpgsqlException or OperationCanceledException or TimeoutException)
            session.OnCommandFailed();
        var canceled = error is OperationCanceledException && cancellationToken.IsCancellationRequested;
        var timedOut = error is NpgsqlException { InnerException: TimeoutException };
        executor.Finish(this, canceled ? "canceled" : "error", 0, canceled ? "canceled" : timedOut ? "timeout" : error.GetType().Name);
        return timedOut ? new CommandTimeoutException(Text, error) : null;
    }
}
