namespace Keel;

/// <summary>
/// COMMIT was asked of a transaction in which a command had failed on the server (and was not rolled back to a
/// savepoint). PostgreSQL would answer such a COMMIT with a silent ROLLBACK; Keel rolls back and says so instead,
/// so a caller never mistakes lost work for committed work. Wrap statements that may fail in a savepoint
/// (<c>WithSavepointAsync</c>) to keep the rest of the transaction.
/// </summary>
public sealed class TransactionAbortedException : KeelException
{
    /// <summary>Creates the exception.</summary>
    public TransactionAbortedException()
        : base("The transaction cannot commit: a command failed in it and was not rolled back to a savepoint, so PostgreSQL " +
               "had aborted it. It has been rolled back; nothing was committed.")
    {
    }
}
