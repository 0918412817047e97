namespace Keel.Redis;

/// <summary>
/// A command on its way through a <see cref="RespPipeline"/> and the promise of its reply. It derives from the
/// completion source to save an allocation per command.
/// </summary>
internal sealed class PendingCommand : TaskCompletionSource<RespValue>
{
    private const int Queued = 0;
    private const int Sent = 1;
    private const int Abandoned = 2;

    private int _state;

    // Continuations run on the thread pool, never inline on the socket's read loop, so a slow caller cannot stall
    // the replies of everyone else.
    public PendingCommand(RedisArgument[] arguments) : base(TaskCreationOptions.RunContinuationsAsynchronously)
        => Arguments = arguments;

    public RedisArgument[] Arguments { get; }

    /// <summary>The command name, for messages (never the arguments: AUTH carries the password).</summary>
    public string Name => Arguments.Length > 0 ? Arguments[0].ToString() : "(empty)";

    /// <summary>Claims the command for the socket; false when its caller gave up first, so it is never sent.</summary>
    public bool TryMarkSent() => Interlocked.CompareExchange(ref _state, Sent, Queued) == Queued;

    /// <summary>
    /// The caller stopped waiting (cancelled or timed out). A command not yet sent will not be; one already sent stays
    /// in the in-flight queue so its reply, when it comes, is consumed in order and dropped.
    /// </summary>
    public void Abandon()
    {
        Interlocked.CompareExchange(ref _state, Abandoned, Queued);
        // Nobody awaits this task any more: observe a later failure so it is not reported as unobserved.
        Task.ContinueWith(static t => _ = t.Exception, CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}
