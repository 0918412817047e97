namespace Keel;

/// <summary>
/// The transaction committed, but one or more <c>OnCommitted</c> callbacks threw. The data is durable;
/// only the after-commit work (cache invalidation, notifications…) failed. <see cref="AggregateException"/>
/// in <see cref="Exception.InnerException"/> holds every callback error.
/// </summary>
public sealed class CommittedCallbackException : KeelException
{
    /// <summary>Creates the exception.</summary>
    public CommittedCallbackException(AggregateException errors)
        : base($"The transaction committed, but {errors?.InnerExceptions.Count} OnCommitted callback(s) failed.", errors)
    {
    }
}
