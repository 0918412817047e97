namespace Keel;

/// <summary>
/// The connection failed while COMMIT was in flight, so Keel cannot know whether the transaction committed.
/// Keel never retries such a transaction by itself: check the data (or use an idempotency key) before running it again.
/// </summary>
public sealed class CommitOutcomeUnknownException : KeelException
{
    /// <summary>Creates the exception.</summary>
    public CommitOutcomeUnknownException(Exception innerException)
        : base("The connection was lost during COMMIT: the transaction may or may not have committed. " +
               "Keel does not retry it; verify the outcome before running the work again.", innerException)
    {
    }
}
