using System.Collections.Concurrent;
using System.Diagnostics;

namespace Keel.Tests;

/// <summary>
/// Records the statement of every command span Keel's one door ends, so a test counts the commands it caused.
/// Spans are process-wide: filter by a table name no other test class uses.
/// </summary>
public sealed class CommandSpanRecorder : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<string> _statements = new();

    public CommandSpanRecorder()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == KeelTracing.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            // Stopped, not started: the door sets the statement tag after the span has started.
            ActivityStopped = activity =>
            {
                if (activity.GetTagItem("db.statement") is string statement)
                    _statements.Enqueue(statement);
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>Commands whose statement mentions <paramref name="fragment"/> (e.g. <c>FROM loader_authors</c>).</summary>
    public int Count(string fragment) => _statements.Count(s => s.Contains(fragment, StringComparison.Ordinal));

    public void Dispose() => _listener.Dispose();
}
