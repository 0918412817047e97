using System.Collections.Concurrent;
using System.Diagnostics;

namespace Keel.Tests.Repositories;

/// <summary>
/// Counts the commands Keel sends through the one door on this async flow only: it starts a parent activity and
/// counts Keel's command spans under it, so tests running in parallel do not see each other's commands.
/// </summary>
public sealed class CommandCounter : IDisposable
{
    private static readonly ActivitySource TestSource = new("Keel.Tests.CommandCounter");
    private readonly ActivityListener _listener;
    private readonly Activity _root;
    private readonly ActivityTraceId _trace;
    private readonly ConcurrentQueue<string> _statements = new();

    public CommandCounter()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is KeelTracing.SourceName or "Keel.Tests.CommandCounter",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = Stopped,
        };
        ActivitySource.AddActivityListener(_listener);
        _root = TestSource.StartActivity("test") ?? throw new InvalidOperationException("The counting activity did not start.");
        _trace = _root.TraceId;
    }

    /// <summary>Commands sent (queries, executes, COPY, batches; not BEGIN/COMMIT).</summary>
    public int Count => _statements.Count;

    public IReadOnlyList<string> Statements => [.. _statements];

    private void Stopped(Activity activity)
    {
        if (activity.Source.Name != KeelTracing.SourceName || activity.TraceId != _trace)
            return;
        if (activity.OperationName is "keel.query" or "keel.execute" or "keel.scalar" or "keel.copy" or "keel.batch" or "keel.stream")
            _statements.Enqueue(activity.GetTagItem("db.statement") as string ?? activity.OperationName);
    }

    public void Dispose()
    {
        _root.Dispose();
        _listener.Dispose();
    }
}
