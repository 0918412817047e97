using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Keel;

/// <summary>
/// The consumer side of durable write-behind: claims ready writes from a <see cref="WriteBehindQueue"/> in batches
/// (<c>FOR UPDATE SKIP LOCKED</c>), applies each with its target's apply function inside the batch's transaction, and
/// deletes them from the queue in that same transaction — so a crash mid-batch rolls back both and the next run
/// applies the batch again, and a committed write is never applied twice. Any number of workers, in any number of
/// processes, can run against one queue. A failing write is retried with backoff and dead-lettered after
/// <see cref="WriteBehindWorkerOptions.MaxAttempts"/>; writes to one key are applied in enqueue order.
/// </summary>
/// <remarks>
/// Register every target with <see cref="Map{T}(string, Func{KeelTransaction, WriteBehindWrite{T}, CancellationToken, Task})"/>
/// before <see cref="StartAsync"/>; a worker only claims the targets it maps. It is an <see cref="IHostedService"/>:
/// <c>services.AddHostedService(sp =&gt; worker)</c>, or call <see cref="StartAsync"/> and <see cref="StopAsync"/> yourself.
/// </remarks>
public sealed partial class WriteBehindWorker : IHostedService, IAsyncDisposable
{
    private readonly WriteBehindQueue _queue;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, IWriteBehindTarget> _targets = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly Lock _gate = new();
    private string[] _targetNames = [];
    private Task? _loop;
    private long _applied;

    /// <summary>A worker on <paramref name="queue"/>; map its targets, then start it.</summary>
    /// <exception cref="ArgumentException">An option is out of range; the message names it.</exception>
    public WriteBehindWorker(WriteBehindQueue queue, WriteBehindWorkerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(queue);
        options ??= new WriteBehindWorkerOptions();
        options.Validate();
        _queue = queue;
        Options = options;
        _time = queue.Time;
        _logger = options.LoggerFactory?.CreateLogger("Keel.WriteBehind") ?? NullLogger.Instance;
    }

    /// <summary>The options in force.</summary>
    public WriteBehindWorkerOptions Options { get; }

    /// <summary>Writes this worker has taken off the queue (applied or coalesced) since it was made.</summary>
    public long Applied => Interlocked.Read(ref _applied);

    /// <summary>
    /// Registers the apply function of <paramref name="target"/>: it runs in the batch's transaction and must write
    /// through it (e.g. <c>tx.ExecuteAsync($"INSERT … ON CONFLICT (id) DO UPDATE …")</c> or <c>repository.In(tx)</c>),
    /// so the write and its removal from the queue commit together. It should be idempotent for the value it writes
    /// (an upsert), and must not swallow database errors.
    /// </summary>
    /// <exception cref="InvalidOperationException">The worker has started, or the target is mapped already.</exception>
    public WriteBehindWorker Map<T>(string target, Func<KeelTransaction, WriteBehindWrite<T>, CancellationToken, Task> apply)
        => Map(target, apply, _queue.TypeInfo<T>());

    /// <summary>Registers an apply function whose payloads are deserialized with <paramref name="typeInfo"/> (trimming-safe).</summary>
    public WriteBehindWorker Map<T>(string target, Func<KeelTransaction, WriteBehindWrite<T>, CancellationToken, Task> apply, JsonTypeInfo<T> typeInfo)
    {
        CacheKeys.Validate(target, nameof(target), "write-behind target");
        ArgumentNullException.ThrowIfNull(apply);
        ArgumentNullException.ThrowIfNull(typeInfo);
        lock (_gate)
        {
            if (_loop is not null)
                throw new InvalidOperationException("Map every write-behind target before the worker starts.");
            if (!_targets.TryAdd(target, new WriteBehindTarget<T>(typeInfo, apply)))
                throw new InvalidOperationException($"The write-behind target '{target}' is mapped already.");
            _targetNames = [.. _targets.Keys];
        }

        return this;
    }

    /// <summary>Starts applying batches in the background and returns at once.</summary>
    /// <exception cref="InvalidOperationException">No target is mapped, or the worker was started before.</exception>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_targets.Count == 0)
                throw new InvalidOperationException("Map at least one write-behind target before starting the worker.");
            if (_loop is not null)
                throw new InvalidOperationException("The write-behind worker has already been started.");
            _loop = RunAsync();
        }

        KeelLog.WriteBehindStarted(_logger, _queue.Options.Name, _targetNames);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Stops: no batch starts after the queue runs dry (<see cref="WriteBehindWorkerOptions.DrainOnStop"/>) or, without
    /// draining, after the batch in progress. When <paramref name="cancellationToken"/> fires first, the batch in
    /// progress is cancelled and rolled back; its writes stay queued for the next worker.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Task? loop;
        lock (_gate)
            loop = _loop;
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (loop is null)
            return;
        using (cancellationToken.Register(static state => ((CancellationTokenSource)state!).Cancel(), _abort))
            await loop.ConfigureAwait(false);
        KeelLog.WriteBehindStopped(_logger, _queue.Options.Name, Applied);
    }

    /// <summary>Stops at once: the batch in progress is cancelled and rolled back (its writes stay queued).</summary>
    public async ValueTask DisposeAsync()
    {
        await _abort.CancelAsync().ConfigureAwait(false);
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>
    /// Claims and applies one batch now, in the caller's flow (for tests, tools and hand-driven draining); returns how
    /// many writes it took off the queue. A failing write is recorded (retry or dead letter) and 0 is returned.
    /// </summary>
    /// <exception cref="InvalidOperationException">No target is mapped.</exception>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        if (_targets.Count == 0)
            throw new InvalidOperationException("Map at least one write-behind target before running the worker.");
        var outcome = await RunBatchAsync(cancellationToken).ConfigureAwait(false);
        return outcome.Taken;
    }

    private async Task RunAsync()
    {
        // Yield first: StartAsync must not run any of the loop.
        await Task.Yield();
        var failures = 0;
        while (!_abort.IsCancellationRequested)
        {
            if (_stopping.IsCancellationRequested && !Options.DrainOnStop)
                return;
            BatchOutcome outcome;
            try
            {
                outcome = await RunBatchAsync(_abort.Token).ConfigureAwait(false);
                failures = 0;
            }
            catch (Exception e) when (!_abort.IsCancellationRequested)
            {
                if (_stopping.IsCancellationRequested)
                    return;
                failures++;
                var delay = TimeSpan.FromMilliseconds(Math.Min(30_000, 100 * Math.Pow(2, Math.Min(failures - 1, 10))));
                KeelLog.WriteBehindBatchFailed(_logger, delay.TotalMilliseconds, e);
                await IdleAsync(delay).ConfigureAwait(false);
                continue;
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (outcome.Taken > 0 || outcome.Failed)
                continue;
            if (_stopping.IsCancellationRequested)
                return;
            await IdleAsync(Options.PollInterval).ConfigureAwait(false);
        }
    }

    /// <summary>Waits, or until the worker is told to stop.</summary>
    private async Task IdleAsync(TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, _time, _stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Stopping: the loop decides whether to drain.
        }
    }

    private readonly record struct BatchOutcome(int Taken, bool Failed);
}
