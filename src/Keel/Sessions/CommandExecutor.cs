using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Keel;

/// <summary>
/// The one door: every SQL command Keel sends, and every transaction control step, passes through here.
/// Metrics, tracing, the slow-command log, error translation and parameter redaction live here and nowhere else.
/// </summary>
internal sealed class CommandExecutor(KeelConfiguration configuration, ILogger logger)
{
    private readonly long _slowTicks = configuration.SlowCommandThreshold is { } t ? (long)(t.TotalSeconds * Stopwatch.Frequency) : long.MaxValue;

    /// <summary>Runs one SQL command; <paramref name="body"/> executes it and returns the result with the row count.</summary>
    public async Task<TResult> RunAsync<TState, TResult>(
        KeelSession session,
        Sql sql,
        CommandOptions options,
        string operation,
        TState state,
        Func<NpgsqlCommand, TState, CancellationToken, Task<(TResult Result, long Rows)>> body,
        CancellationToken cancellationToken)
    {
        var text = options.Apply(sql.Text);
        session.DataSource.Diagnostics.Observe(session, text, sql);
        var scope = Begin(operation, text, sql);
        var command = CreateCommand(session, text, sql, options);
        try
        {
            var (result, rows) = await body(command, state, cancellationToken).ConfigureAwait(false);
            scope.Complete(rows);
            return result;
        }
        catch (Exception e)
        {
            if (scope.Fail(session, e, cancellationToken) is { } replacement)
                throw replacement;
            throw;
        }
        finally
        {
            command.Dispose();
        }
    }

    /// <summary>
    /// Sends several statements in one round trip (an <see cref="NpgsqlBatch"/>) and returns the total rows affected.
    /// PostgreSQL runs a batch in an implicit transaction when none is open, so it applies all or nothing.
    /// </summary>
    public async Task<int> RunBatchAsync(KeelSession session, IReadOnlyList<Sql> statements, CancellationToken cancellationToken)
    {
        var first = statements[0];
        var text = statements.Count == 1 ? first.Text : $"{first.Text} /* +{statements.Count - 1} more in batch */";
        var scope = Begin("batch", text, first);
        var batch = session.TakeBatch(statements);
        try
        {
            var affected = await batch.Batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            scope.Complete(Math.Max(affected, 0));
            session.KeepBatch(batch);
            return affected;
        }
        catch (Exception e)
        {
            await batch.DisposeAsync().ConfigureAwait(false);
            if (scope.Fail(session, e, cancellationToken) is { } replacement)
                throw replacement;
            throw;
        }
    }

    /// <summary>
    /// Runs a binary COPY ... FROM STDIN: <paramref name="write"/> writes the rows, then the import is completed and
    /// the number of rows the server took is recorded. A failure cancels the import (nothing of it is kept).
    /// </summary>
    public async Task<long> RunCopyAsync<TState>(
        KeelSession session, string copyCommand, TState state, Func<NpgsqlBinaryImporter, TState, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        var scope = Begin("copy", copyCommand, Sql.Empty);
        try
        {
            var importer = await session.Connection.BeginBinaryImportAsync(copyCommand, cancellationToken).ConfigureAwait(false);
            await using (importer.ConfigureAwait(false))
            {
                await write(importer, state, cancellationToken).ConfigureAwait(false);
                var rows = (long)await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
                scope.Complete(rows);
                return rows;
            }
        }
        catch (Exception e)
        {
            if (scope.Fail(session, e, cancellationToken) is { } replacement)
                throw replacement;
            throw;
        }
    }

    /// <summary>Opens a command scope for a streaming read; the caller completes or fails it.</summary>
    public CommandScope BeginStream(KeelSession session, Sql sql, CommandOptions options, out NpgsqlCommand command)
    {
        var text = options.Apply(sql.Text);
        session.DataSource.Diagnostics.Observe(session, text, sql);
        var scope = Begin("stream", text, sql);
        command = CreateCommand(session, text, sql, options);
        return scope;
    }

    /// <summary>Runs a transaction control step (BEGIN, COMMIT, ROLLBACK) that Npgsql sends for Keel.</summary>
    public async Task RunControlAsync<TState>(
        KeelSession session, string operation, string text, TState state, Func<TState, CancellationToken, Task> action, CancellationToken cancellationToken)
    {
        var scope = Begin(operation, text, Sql.Empty);
        try
        {
            await action(state, cancellationToken).ConfigureAwait(false);
            scope.Complete(0);
        }
        catch (Exception e)
        {
            if (scope.Fail(session, e, cancellationToken) is { } replacement)
                throw replacement;
            throw;
        }
    }

    private CommandScope Begin(string operation, string text, Sql sql)
    {
        // Without a listener StartActivity returns null anyway; checking first also skips building the span name,
        // which would otherwise be a string allocated on every command.
        var activity = KeelTracing.Source.HasListeners() ? KeelTracing.Source.StartActivity("keel." + operation, ActivityKind.Client) : null;
        if (activity is not null)
        {
            activity.SetTag("db.system", "postgresql");
            activity.SetTag("db.operation", operation);
            activity.SetTag("db.statement", text);
            if (configuration.IncludeParameterValues)
                activity.SetTag("db.statement.parameters", DescribeParameters(sql, includeValues: true));
        }

        return new CommandScope(this, operation, text, sql, activity, Stopwatch.GetTimestamp());
    }

    private static NpgsqlCommand CreateCommand(KeelSession session, string text, Sql sql, CommandOptions options)
    {
        var command = session.Connection.CreateCommand();
        command.CommandText = text;
        if (options.Timeout is { } timeout)
            command.CommandTimeout = timeout <= TimeSpan.Zero ? 0 : (int)Math.Ceiling(timeout.TotalSeconds);
        var parameters = command.Parameters;
        for (var i = 0; i < sql.PartCount; i++)
        {
            var value = sql.PartAt(i).Value;
            if (value is not null)
                parameters.Add(value.CreateParameter());
        }

        return command;
    }

    internal void Finish(in CommandScope scope, string outcome, long rows, string? error)
    {
        var elapsedTicks = Stopwatch.GetTimestamp() - scope.Start;
        if (KeelMetrics.CommandDuration.Enabled)
        {
            KeelMetrics.CommandDuration.Record(
                (double)elapsedTicks / Stopwatch.Frequency,
                new KeyValuePair<string, object?>("operation", scope.Operation),
                new KeyValuePair<string, object?>("outcome", outcome));
        }

        if (rows > 0 && KeelMetrics.Rows.Enabled)
            KeelMetrics.Rows.Add(rows, new KeyValuePair<string, object?>("operation", scope.Operation));
        if (error is not null)
        {
            KeelMetrics.Errors.Add(1, new KeyValuePair<string, object?>("operation", scope.Operation), new KeyValuePair<string, object?>("error", error));
            if (error == PostgresErrorCodes.SerializationFailure)
                KeelMetrics.SerializationFailures.Add(1);
            else if (error == PostgresErrorCodes.DeadlockDetected)
                KeelMetrics.Deadlocks.Add(1);
            if (logger.IsEnabled(LogLevel.Debug))
                KeelLog.CommandFailed(logger, error, scope.Text);
        }

        if (elapsedTicks > _slowTicks && logger.IsEnabled(LogLevel.Warning))
        {
            KeelLog.SlowCommand(
                logger,
                elapsedTicks * 1000.0 / Stopwatch.Frequency,
                configuration.SlowCommandThreshold!.Value.TotalMilliseconds,
                scope.Text,
                DescribeParameters(scope.Sql, configuration.IncludeParameterValues));
        }

        if (scope.Activity is { } activity)
        {
            if (rows > 0)
                activity.SetTag("db.rows", rows);
            if (error is not null)
            {
                activity.SetStatus(ActivityStatusCode.Error, error);
                activity.SetTag("error.type", error);
            }

            activity.Dispose();
        }
    }

    /// <summary>Parameters for logs and traces: their types only, unless values were explicitly allowed.</summary>
    internal static string DescribeParameters(Sql sql, bool includeValues)
    {
        if (sql.ParameterCount == 0)
            return string.Empty;
        var builder = new System.Text.StringBuilder("[");
        var index = 0;
        for (var i = 0; i < sql.PartCount; i++)
        {
            var value = sql.PartAt(i).Value;
            if (value is null)
                continue;
            if (index > 0)
                builder.Append(", ");
            builder.Append('$').Append(++index).Append('=');
            if (includeValues && !value.IsSensitive)
                builder.Append(value.BoxedValue ?? "NULL");
            else
                builder.Append("<redacted ").Append(value.ValueType.Name).Append('>');
        }

        return builder.Append(']').ToString();
    }
}
