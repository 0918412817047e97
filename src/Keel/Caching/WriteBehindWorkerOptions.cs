using Microsoft.Extensions.Logging;

namespace Keel;

/// <summary>How a <see cref="WriteBehindWorker"/> claims, applies and retries queued writes. Immutable.</summary>
public sealed record WriteBehindWorkerOptions
{
    /// <summary>The most writes one batch (one transaction) claims. Default 100.</summary>
    public int BatchSize { get; init; } = 100;

    /// <summary>How long the worker waits before looking again when the queue had nothing ready. Default 1 s.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Failed applications of one write before it is dead-lettered (kept, no longer tried). Default 10.</summary>
    public int MaxAttempts { get; init; } = 10;

    /// <summary>The wait after a write's first failure; it doubles per failure up to <see cref="RetryMaxDelay"/>. Default 1 s.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two attempts of one write. Default 5 min.</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Apply only the last of several writes to one key claimed in one batch (last write wins, in enqueue order); the
    /// others are removed unapplied. Off: every write is applied, in order.
    /// </summary>
    public bool Coalesce { get; init; }

    /// <summary>On <see cref="WriteBehindWorker.StopAsync"/>, keep applying batches until none is ready (bounded by the stop token). Default true.</summary>
    public bool DrainOnStop { get; init; } = true;

    /// <summary>Where the worker logs failures, retries and dead letters (category <c>Keel.WriteBehind</c>).</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(PollInterval, TimeSpan.Zero, nameof(PollInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxAttempts, 1, nameof(MaxAttempts));
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryBaseDelay, TimeSpan.Zero, nameof(RetryBaseDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryMaxDelay, RetryBaseDelay, nameof(RetryMaxDelay));
    }

    /// <summary>The wait before attempt <paramref name="failures"/> + 1: the base delay doubled per earlier failure, capped.</summary>
    internal TimeSpan RetryDelay(int failures)
    {
        var exponent = Math.Min(failures - 1, 30);
        var delay = RetryBaseDelay.Ticks * Math.Pow(2, exponent);
        return delay >= RetryMaxDelay.Ticks ? RetryMaxDelay : TimeSpan.FromTicks((long)delay);
    }
}
