using System.Diagnostics;
using Npgsql;

namespace Keel;

/// <summary>
/// An open transaction on a session. Commands run through it (or through the session) take part in it.
/// Dispose it without <see cref="CommitAsync"/> and it rolls back.
/// </summary>
public sealed class KeelTransaction : SqlExecutor, IAsyncDisposable
{
    private readonly KeelSession _session;
    private readonly NpgsqlTransaction _transaction;
    private readonly long _started = Stopwatch.GetTimestamp();
    private List<Func<CancellationToken, Task>>? _onCommitted;
    private int _savepoints;

    internal KeelTransaction(KeelSession session, NpgsqlTransaction transaction, TransactionOptions options)
    {
        _session = session;
        _transaction = transaction;
        Options = options;
    }

    /// <summary>How the transaction was started.</summary>
    public TransactionOptions Options { get; }

    /// <summary>The session the transaction runs on.</summary>
    public KeelSession Session => _session;

    /// <summary>True once committed or rolled back.</summary>
    public bool IsCompleted { get; private set; }

    /// <summary>
    /// How many commands have failed on the server in this transaction (each aborts it). A savepoint rollback resets
    /// it to its value when the savepoint was set; COMMIT refuses while it is above zero.
    /// </summary>
    internal int Failures { get; private set; }

    internal override KeelSession Owner
    {
        get
        {
            EnsureActive();
            return _session.Owner;
        }
    }

    /// <summary>
    /// Registers work to run after a successful commit, in registration order (cache invalidation, outbox relay…).
    /// It never runs for a rolled-back transaction, nor for an attempt that <c>InTransactionAsync</c> retries.
    /// </summary>
    public void OnCommitted(Func<CancellationToken, Task> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        EnsureActive();
        (_onCommitted ??= []).Add(callback);
    }

    /// <summary>Registers a synchronous after-commit callback.</summary>
    public void OnCommitted(Action callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        OnCommitted(_ =>
        {
            callback();
            return Task.CompletedTask;
        });
    }

    /// <summary>
    /// Commits, then runs the <see cref="OnCommitted(Func{CancellationToken, Task})"/> callbacks. The COMMIT itself is not
    /// cancelable (a half-sent COMMIT would leave the outcome unknown); the token only stops the callbacks.
    /// </summary>
    /// <exception cref="SerializationFailureException">COMMIT failed serialization checks; nothing was committed.</exception>
    /// <exception cref="CommitOutcomeUnknownException">The connection failed during COMMIT.</exception>
    /// <exception cref="CommittedCallbackException">Committed, but a callback threw.</exception>
    /// <exception cref="TransactionAbortedException">A command had failed in the transaction; it was rolled back instead.</exception>
    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        EnsureActive();
        if (Failures > 0)
        {
            await RollbackAsync(CancellationToken.None).ConfigureAwait(false);
            throw new TransactionAbortedException();
        }

        try
        {
            await _session.Executor.RunControlAsync(_session, "commit", "COMMIT", _transaction,
                static (tx, _) => tx.CommitAsync(CancellationToken.None), CancellationToken.None).ConfigureAwait(false);
        }
        catch (KeelDatabaseException)
        {
            // The server answered COMMIT with an error: the transaction is rolled back, the outcome is known.
            End("rollback");
            throw;
        }
        catch (NpgsqlException e)
        {
            End("unknown");
            KeelLog.CommitOutcomeUnknown(_session.DataSource.Logger, e);
            throw new CommitOutcomeUnknownException(e);
        }

        End("commit");
        await RunCallbacksAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Rolls the transaction back. Rolling back a completed transaction does nothing.</summary>
    public async Task RollbackAsync(CancellationToken cancellationToken = default)
    {
        if (IsCompleted)
            return;
        try
        {
            await _session.Executor.RunControlAsync(_session, "rollback", "ROLLBACK", _transaction,
                static (tx, ct) => tx.RollbackAsync(ct), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            End("rollback");
        }
    }

    /// <summary>
    /// Sets a savepoint with a unique name. Roll back to it to undo what followed while keeping the transaction;
    /// disposing releases it — or, if a command failed after it, rolls back to it first so the transaction can go on.
    /// </summary>
    public async Task<Savepoint> SavepointAsync(CancellationToken cancellationToken = default)
    {
        EnsureActive();
        var name = "keel_sp_" + (++_savepoints).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await ExecuteAsync(Sql.Raw("SAVEPOINT " + name), cancellationToken).ConfigureAwait(false);
        return new Savepoint(this, name, Failures);
    }

    /// <summary>
    /// Runs <paramref name="work"/> inside a savepoint: released on success; on an exception, rolled back to (the
    /// transaction stays usable) and the exception rethrown.
    /// </summary>
    public async Task<T> WithSavepointAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        var savepoint = await SavepointAsync(cancellationToken).ConfigureAwait(false);
        T result;
        try
        {
            result = await work(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await savepoint.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        await savepoint.ReleaseAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>Waits for a transaction-scoped advisory lock (<c>pg_advisory_xact_lock</c>), released at commit or rollback.</summary>
    public Task AdvisoryLockAsync(long key, CancellationToken cancellationToken = default)
        => ExecuteAsync($"SELECT pg_advisory_xact_lock({key})", cancellationToken);

    /// <summary>Waits for a transaction-scoped advisory lock named by a string (see <see cref="AdvisoryLockKey"/>).</summary>
    public Task AdvisoryLockAsync(string name, CancellationToken cancellationToken = default)
        => AdvisoryLockAsync(AdvisoryLockKey.From(name), cancellationToken);

    /// <summary>Tries a transaction-scoped advisory lock without waiting (<c>pg_try_advisory_xact_lock</c>).</summary>
    public Task<bool> TryAdvisoryLockAsync(long key, CancellationToken cancellationToken = default)
        => ScalarAsync<bool>($"SELECT pg_try_advisory_xact_lock({key})", cancellationToken);

    /// <summary>Tries a transaction-scoped advisory lock named by a string without waiting (see <see cref="AdvisoryLockKey"/>).</summary>
    public Task<bool> TryAdvisoryLockAsync(string name, CancellationToken cancellationToken = default)
        => TryAdvisoryLockAsync(AdvisoryLockKey.From(name), cancellationToken);

    internal void MarkFailed() => Failures++;

    internal void ClearFailure(int failuresBefore) => Failures = failuresBefore;

    /// <summary>Rolls back unless committed.</summary>
    public async ValueTask DisposeAsync()
    {
        if (IsCompleted)
            return;
        try
        {
            await RollbackAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (NpgsqlException)
        {
            // The connection is gone, and with it the transaction: nothing is left to roll back.
        }
        catch (KeelDatabaseException)
        {
            // Same: the server ended the transaction.
        }
        catch (ObjectDisposedException)
        {
            // Npgsql disposes its transaction when the connection breaks (e.g. 57P01 at server shutdown); throwing
            // here would hide the error that broke it.
        }

        await _transaction.DisposeAsync().ConfigureAwait(false);
    }

    private void EnsureActive()
    {
        if (IsCompleted)
            throw new InvalidOperationException("This transaction has already been committed or rolled back.");
    }

    private void End(string outcome)
    {
        if (IsCompleted)
            return;
        IsCompleted = true;
        _session.OnTransactionEnded(this);
        if (KeelMetrics.TransactionDuration.Enabled)
        {
            KeelMetrics.TransactionDuration.Record(
                Stopwatch.GetElapsedTime(_started).TotalSeconds, new KeyValuePair<string, object?>("outcome", outcome));
        }
    }

    private async Task RunCallbacksAsync(CancellationToken cancellationToken)
    {
        if (_onCommitted is null)
            return;
        List<Exception>? errors = null;
        foreach (var callback in _onCommitted)
        {
            try
            {
                await callback(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                KeelLog.CommittedCallbackFailed(_session.DataSource.Logger, e);
                (errors ??= []).Add(e);
            }
        }

        if (errors is not null)
            throw new CommittedCallbackException(new AggregateException(errors));
    }
}
