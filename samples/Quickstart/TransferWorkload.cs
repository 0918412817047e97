using Keel;
using Spectre.Console;

namespace Quickstart;

/// <summary>Workers that each run random transfers in SERIALIZABLE transactions at the same time.</summary>
internal sealed class TransferWorkload(KeelDataSource keel, int accounts, int workers, int transfersPerWorker)
{
    // More retries than the default 10: twenty hot rows and eight writers make long streaks of 40001 likely,
    // and a transfer given up is still safe (nothing committed) but makes the demo less interesting.
    private static readonly TransactionOptions Serializable = TransactionOptions.Serializable with { MaxRetries = 30 };

    private int _completed;
    private int _moved;
    private int _skipped;
    private int _gaveUp;

    public int Total => workers * transfersPerWorker;

    public int Moved => Volatile.Read(ref _moved);

    public int Skipped => Volatile.Read(ref _skipped);

    public int GaveUp => Volatile.Read(ref _gaveUp);

    /// <summary>The most pool connections seen in use at once, and the most callers seen waiting for one.</summary>
    public PoolSnapshot Peak { get; private set; }

    public async Task RunAsync(ProgressTask progress, MetricsRecorder metrics, CancellationToken cancellationToken)
    {
        var run = Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(() => WorkerAsync(cancellationToken), cancellationToken)));
        while (!run.IsCompleted)
        {
            Report(progress, metrics);
            await Task.WhenAny(run, Task.Delay(100, cancellationToken));
        }

        await run;
        Report(progress, metrics);
    }

    private async Task WorkerAsync(CancellationToken cancellationToken)
    {
        for (var i = 0; i < transfersPerWorker; i++)
        {
            var from = Random.Shared.Next(1, accounts + 1);
            var to = Random.Shared.Next(1, accounts);
            if (to >= from)
                to++;
            var amount = Random.Shared.Next(1_00, 250_00) / 100m;
            try
            {
                // Keel retries the whole delegate on 40001/40P01, so it must do nothing outside the transaction.
                var moved = await keel.InTransactionAsync(
                    (tx, ct) => Bank.TransferAsync(tx, from, to, amount, ct), Serializable, cancellationToken);
                Interlocked.Increment(ref moved ? ref _moved : ref _skipped);
            }
            catch (TransactionRetryExhaustedException)
            {
                Interlocked.Increment(ref _gaveUp);
            }

            Interlocked.Increment(ref _completed);
        }
    }

    private void Report(ProgressTask progress, MetricsRecorder metrics)
    {
        var pool = keel.GetPoolSnapshot();
        Peak = new PoolSnapshot(
            Math.Max(Peak.Busy, pool.Busy), Math.Max(Peak.Idle, pool.Idle), pool.Max,
            Math.Max(Peak.Waiting, pool.Waiting), Math.Max(Peak.OpenSessions, pool.OpenSessions));
        progress.Value = Volatile.Read(ref _completed);
        progress.Description = $"transfers [grey]retries {metrics.Retries}, pool {pool.Busy}/{pool.Max} busy, {pool.Waiting} waiting[/]";
    }
}
