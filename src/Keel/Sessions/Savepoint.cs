namespace Keel;

/// <summary>A savepoint inside a transaction (<c>SAVEPOINT keel_sp_N</c>).</summary>
public sealed class Savepoint : IAsyncDisposable
{
    private readonly KeelTransaction _transaction;
    private readonly int _failuresBefore;
    private bool _done;

    internal Savepoint(KeelTransaction transaction, string name, int failuresBefore)
    {
        _transaction = transaction;
        Name = name;
        _failuresBefore = failuresBefore;
    }

    /// <summary>The savepoint's name, unique within its transaction.</summary>
    public string Name { get; }

    /// <summary>Undoes everything since the savepoint (<c>ROLLBACK TO SAVEPOINT</c>); the transaction goes on.</summary>
    public async Task RollbackAsync(CancellationToken cancellationToken = default)
    {
        EnsureOpen();
        _done = true;
        await _transaction.ExecuteAsync(Sql.Raw("ROLLBACK TO SAVEPOINT " + Name), cancellationToken).ConfigureAwait(false);
        await _transaction.ExecuteAsync(Sql.Raw("RELEASE SAVEPOINT " + Name), cancellationToken).ConfigureAwait(false);
        _transaction.ClearFailure(_failuresBefore);
    }

    /// <summary>Keeps the work since the savepoint and forgets the savepoint (<c>RELEASE SAVEPOINT</c>).</summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken = default)
    {
        EnsureOpen();
        _done = true;
        await _transaction.ExecuteAsync(Sql.Raw("RELEASE SAVEPOINT " + Name), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Releases the savepoint; if a command failed since it was set (the transaction is aborted), rolls back to it
    /// instead, so the transaction can continue.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (_done || _transaction.IsCompleted)
            return;
        if (_transaction.Failures > _failuresBefore)
            await RollbackAsync().ConfigureAwait(false);
        else
            await ReleaseAsync().ConfigureAwait(false);
    }

    private void EnsureOpen()
    {
        if (_done)
            throw new InvalidOperationException($"Savepoint {Name} has already been rolled back or released.");
    }
}
