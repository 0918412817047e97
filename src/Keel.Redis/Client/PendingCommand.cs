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

    /// <summary>
    /// Waits for the reply. A server error reply throws <see cref="RedisException"/>; no reply within
    /// <paramref name="timeout"/> throws <see cref="RedisTimeoutException"/>; on cancellation or timeout the command
    /// is abandoned, which keeps the pipeline in step for everyone else.
    /// </summary>
    public async Task<RespValue> WaitAsync(string endpoint, TimeSpan timeout, CancellationToken cancellationToken)
    {
        RespValue reply;
        try
        {
            reply = await Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Abandon();
            RedisMetrics.Count(RedisMetrics.CommandErrors, "error", "timeout");
            throw new RedisTimeoutException(
                $"Redis at {endpoint} did not answer {Name} within {timeout.TotalMilliseconds:F0} ms (commandTimeout). The server may be overloaded or blocked by a slow command.");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Abandon();
            throw;
        }
        catch (RedisConnectionException)
        {
            RedisMetrics.Count(RedisMetrics.CommandErrors, "error", "connection");
            throw;
        }

        if (reply.Kind == RespKind.Error)
        {
            RedisMetrics.Count(RedisMetrics.CommandErrors, "error", "server");
            throw new RedisException($"Redis at {endpoint} answered {Name} with an error: {reply.AsString()}");
        }

        return reply;
    }
}
