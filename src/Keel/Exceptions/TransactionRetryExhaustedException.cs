namespace Keel;

/// <summary>
/// A transaction failed with a retryable error (serialization failure or deadlock) on every allowed attempt.
/// Nothing of it was committed. <see cref="Exception.InnerException"/> is the last attempt's error.
/// </summary>
public sealed class TransactionRetryExhaustedException : KeelException
{
    /// <summary>Creates the exception.</summary>
    public TransactionRetryExhaustedException(int attempts, KeelDatabaseException lastError)
        : base($"The transaction failed on all {attempts} attempts with a retryable error " +
               $"(last: SQLSTATE {lastError?.SqlState}). Nothing was committed. Reduce contention, " +
               "or raise TransactionOptions.MaxRetries.", lastError)
    {
        Attempts = attempts;
        LastError = lastError!;
    }

    /// <summary>How many times the transaction ran (the first run plus retries).</summary>
    public int Attempts { get; }

    /// <summary>The error of the last attempt.</summary>
    public KeelDatabaseException LastError { get; }
}
