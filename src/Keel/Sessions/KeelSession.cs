using Npgsql;

namespace Keel;

/// <summary>
/// One leased connection and everything done on it: commands, a transaction at a time, session-level advisory locks.
/// Not thread-safe (one command at a time, like the connection under it). Dispose it to return the connection.
/// </summary>
public sealed class KeelSession : SqlExecutor, IAsyncDisposable
{
    private KeelTransaction? _transaction;
    private int _heldAdvisoryLocks;
    private ReusableBatch? _batch;
    private ShapeTracker? _shapes;
    private bool _disposed;

    internal KeelSession(KeelDataSource dataSource, NpgsqlConnection connection)
    {
        DataSource = dataSource;
        Connection = connection;
    }

    /// <summary>The data source this session came from.</summary>
    public KeelDataSource DataSource { get; }

    /// <summary>The tenant this session acts for, if any (see <see cref="KeelDataSource.OpenSessionAsync(string, CancellationToken)"/>).</summary>
    public string? TenantId { get; init; }

    /// <summary>The open transaction, if any; commands on the session run inside it.</summary>
    public KeelTransaction? CurrentTransaction => _transaction is { IsCompleted: false } tx ? tx : null;

    internal NpgsqlConnection Connection { get; }

    internal bool IsDisposed => _disposed;

    /// <summary>The session's own N+1 scope, made on first need.</summary>
    internal ShapeTracker Shapes => _shapes ??= new ShapeTracker();

    internal CommandExecutor Executor => DataSource.Executor;

    internal override KeelSession Owner
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return this;
        }
    }

    /// <summary>
    /// Starts a transaction. Npgsql sends <c>BEGIN</c> with the next command (no extra round trip); READ ONLY and
    /// DEFERRABLE are set by a <c>SET TRANSACTION</c> right after. Dispose it without committing to roll back.
    /// </summary>
    /// <exception cref="InvalidOperationException">A transaction is already open on this session (use a savepoint to nest).</exception>
    public async Task<KeelTransaction> BeginTransactionAsync(TransactionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        options ??= TransactionOptions.Default;
        options.Validate();
        if (CurrentTransaction is not null)
            throw new InvalidOperationException("A transaction is already open on this session; use SavepointAsync to nest work inside it.");

        var isolation = options.Isolation switch
        {
            Isolation.Serializable => System.Data.IsolationLevel.Serializable,
            Isolation.RepeatableRead => System.Data.IsolationLevel.RepeatableRead,
            _ => System.Data.IsolationLevel.ReadCommitted,
        };
        NpgsqlTransaction? npgsqlTransaction = null;
        await Executor.RunControlAsync(this, "begin", "BEGIN", (Connection, isolation), async (state, ct) =>
            npgsqlTransaction = await state.Connection.BeginTransactionAsync(state.isolation, ct).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
        var transaction = new KeelTransaction(this, npgsqlTransaction!, options);
        _transaction = transaction;
        if (options.ReadOnly)
        {
            try
            {
                await ExecuteAsync(options.Deferrable ? Sql.Raw("SET TRANSACTION READ ONLY, DEFERRABLE") : Sql.Raw("SET TRANSACTION READ ONLY"), cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await transaction.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        return transaction;
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a transaction and commits it. On a serialization failure (40001) or deadlock
    /// (40P01) — raised by any statement or by COMMIT itself — the transaction is rolled back and the whole delegate
    /// runs again, with exponential backoff and jitter, up to <see cref="TransactionOptions.MaxRetries"/> times; then
    /// <see cref="TransactionRetryExhaustedException"/> is thrown. Other errors roll back and propagate at once.
    /// A lost connection during COMMIT throws <see cref="CommitOutcomeUnknownException"/> and is never retried.
    /// The delegate must be safe to run more than once (no side effects outside the transaction; use OnCommitted).
    /// </summary>
    public Task<T> InTransactionAsync<T>(
        Func<KeelTransaction, CancellationToken, Task<T>> work, TransactionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        ObjectDisposedException.ThrowIf(_disposed, this);
        options ??= DataSource.Configuration.DefaultTransactionOptions;
        options.Validate();
        return DataSource.Transactions.RunAsync(this, work, options, cancellationToken);
    }

    /// <summary>Runs <paramref name="work"/> in a retried transaction (no result). See <see cref="InTransactionAsync{T}"/>.</summary>
    public Task InTransactionAsync(
        Func<KeelTransaction, CancellationToken, Task> work, TransactionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        return InTransactionAsync(TransactionRunner.WithoutResult(work), options, cancellationToken);
    }

    /// <summary>
    /// Tries to take a session-level advisory lock (<c>pg_try_advisory_lock</c>) without waiting. Returns a handle
    /// that releases it when disposed, or null when another session holds it. The lock outlives transactions.
    /// </summary>
    public async Task<AdvisoryLock?> TryAdvisoryLockAsync(long key, CancellationToken cancellationToken = default)
    {
        var taken = await ScalarAsync<bool>($"SELECT pg_try_advisory_lock({key})", cancellationToken).ConfigureAwait(false);
        return taken ? new AdvisoryLock(this, key) : null;
    }

    /// <summary>Tries to take a session-level advisory lock named by a string (hashed to 64 bits, see <see cref="AdvisoryLockKey"/>).</summary>
    public Task<AdvisoryLock?> TryAdvisoryLockAsync(string name, CancellationToken cancellationToken = default)
        => TryAdvisoryLockAsync(AdvisoryLockKey.From(name), cancellationToken);

    /// <summary>Waits for a session-level advisory lock (<c>pg_advisory_lock</c>); cancel the token to stop waiting.</summary>
    public async Task<AdvisoryLock> AdvisoryLockAsync(long key, CancellationToken cancellationToken = default)
    {
        await ExecuteAsync($"SELECT pg_advisory_lock({key})", cancellationToken).ConfigureAwait(false);
        return new AdvisoryLock(this, key);
    }

    /// <summary>Waits for a session-level advisory lock named by a string (see <see cref="AdvisoryLockKey"/>).</summary>
    public Task<AdvisoryLock> AdvisoryLockAsync(string name, CancellationToken cancellationToken = default)
        => AdvisoryLockAsync(AdvisoryLockKey.From(name), cancellationToken);

    internal void OnAdvisoryLockTaken() => _heldAdvisoryLocks++;

    internal void OnAdvisoryLockReleased() => _heldAdvisoryLocks--;

    internal void OnCommandFailed() => _transaction?.MarkFailed();

    /// <summary>The kept batch when <paramref name="statements"/> have its shape (values overwritten), else a new one.</summary>
    internal ReusableBatch TakeBatch(IReadOnlyList<Sql> statements)
    {
        var kept = _batch;
        _batch = null;
        if (kept is not null && kept.Matches(statements))
        {
            kept.Assign(statements);
            return kept;
        }

        kept?.Batch.Dispose();
        return ReusableBatch.Create(Connection, statements);
    }

    /// <summary>Keeps a batch that ran successfully for the next one of the same shape.</summary>
    internal void KeepBatch(ReusableBatch batch) => _batch = batch;

    internal void OnTransactionEnded(KeelTransaction transaction)
    {
        if (ReferenceEquals(_transaction, transaction))
            _transaction = null;
    }

    /// <summary>
    /// Session-level advisory locks outlive transactions and would stay held by the idle pooled connection (Npgsql
    /// resets session state only when the connection is next used), so a session gives back any it still holds.
    /// </summary>
    private async Task ReleaseAdvisoryLocksAsync()
    {
        try
        {
            await ScalarAsync<bool>($"SELECT pg_advisory_unlock_all() IS NULL").ConfigureAwait(false);
            _heldAdvisoryLocks = 0;
        }
        catch (NpgsqlException)
        {
            // The connection is gone, and its locks with it.
        }
    }

    /// <summary>Rolls back an open transaction, releases session advisory locks still held, and returns the connection to the pool.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
            return;
        try
        {
            if (_transaction is { IsCompleted: false } transaction)
                await transaction.DisposeAsync().ConfigureAwait(false);
            if (_heldAdvisoryLocks > 0)
                await ReleaseAdvisoryLocksAsync().ConfigureAwait(false);
        }
        finally
        {
            _disposed = true;
            if (_batch is not null)
                await _batch.DisposeAsync().ConfigureAwait(false);
            _batch = null;
            await Connection.DisposeAsync().ConfigureAwait(false);
            DataSource.OnSessionClosed();
        }
    }
}
