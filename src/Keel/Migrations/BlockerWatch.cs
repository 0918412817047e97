using Microsoft.Extensions.Logging;

namespace Keel;

/// <summary>
/// While a migration runs, asks every 200 ms (on the runner's lock connection, otherwise idle) which sessions block
/// the migration's backend, so a lock timeout can be reported with who caused it.
/// </summary>
internal sealed class BlockerWatch : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public BlockerWatch(KeelSession observer, int pid, ILogger logger)
    {
        _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    var blockers = await observer.QueryAsync<BlockingSession>(
                        $"SELECT pid, coalesce(usename, '') AS user_name, coalesce(state, '') AS state, left(coalesce(query, ''), 200) AS query FROM pg_stat_activity WHERE pid = ANY(pg_blocking_pids({pid}))",
                        _stop.Token).ConfigureAwait(false);
                    // Logged when the set of blockers changes, not on every poll.
                    if (blockers.Count > 0 && !blockers.Select(b => b.Pid).SequenceEqual(LastSeen.Select(b => b.Pid)))
                    {
                        LastSeen = blockers;
                        if (logger.IsEnabled(LogLevel.Information))
                            logger.LogInformation("Migration waits for a lock held by {Blockers}", string.Join("; ", blockers.Select(b => $"pid {b.Pid} ({b.State}): {b.Query}")));
                    }

                    await Task.Delay(200, _stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                {
                    return;
                }
            }
        });
    }

    /// <summary>The blockers seen most recently (empty if none was ever seen).</summary>
    public IReadOnlyList<BlockingSession> LastSeen { get; private set; } = [];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped mid-query: expected.
        }

        _stop.Dispose();
    }
}
