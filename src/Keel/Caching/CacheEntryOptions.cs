namespace Keel;

/// <summary>
/// How one entry is cached: durations, jitter, tags, fail-safe, eager refresh and factory timeouts. Immutable; derive
/// variants with <c>with</c> or the helpers: <c>CacheEntryOptions.Default.WithDuration(TimeSpan.FromHours(1)).WithTags("user:42")</c>.
/// </summary>
public sealed record CacheEntryOptions
{
    /// <summary>Five minutes in L2, one minute in L1, no tags, no fail-safe.</summary>
    public static CacheEntryOptions Default { get; } = new();

    /// <summary>How long the value is fresh (its logical expiry, shared by every level and node). Default 5 minutes.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a node serves its in-process copy before asking L2 again. Default: <see cref="Duration"/> capped at one
    /// minute, which bounds how stale a node can be when no backplane tells it of a change. Ignored without L2.
    /// </summary>
    public TimeSpan? L1Duration { get; init; }

    /// <summary>A random extra up to this much is added to <see cref="Duration"/>, so entries made together do not expire together. Default none.</summary>
    public TimeSpan Jitter { get; init; }

    /// <summary>Tags the entry carries; <see cref="KeelCache.RemoveByTagAsync"/> invalidates every entry with a tag.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>
    /// When the factory throws or times out, serve the last value (stale) instead of failing, for up to
    /// <see cref="FailSafeMaxDuration"/> past its expiry. Default off.
    /// </summary>
    public bool FailSafe { get; init; }

    /// <summary>How long past its expiry a value is kept for fail-safe. Default 1 hour.</summary>
    public TimeSpan FailSafeMaxDuration { get; init; } = TimeSpan.FromHours(1);

    /// <summary>After fail-safe served a stale value, the factory is not tried again for this long. Default 30 s.</summary>
    public TimeSpan FailSafeThrottleDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A fraction of <see cref="Duration"/> (0 &lt; x &lt; 1): a hit past it returns the cached value and refreshes it
    /// in the background, once. Null (the default) turns eager refresh off.
    /// </summary>
    public double? EagerRefreshThreshold { get; init; }

    /// <summary>
    /// With fail-safe and a stale value at hand: when the factory takes longer than this, the stale value is served at
    /// once and the factory goes on in the background to update the cache. Default none.
    /// </summary>
    public TimeSpan? FactorySoftTimeout { get; init; }

    /// <summary>
    /// The factory's token is cancelled after this long and the cache stops waiting for it: a stale value is served
    /// with fail-safe, otherwise <see cref="CacheFactoryTimeoutException"/> is thrown. Default none.
    /// </summary>
    public TimeSpan? FactoryHardTimeout { get; init; }

    /// <summary>
    /// With a distributed lock (<see cref="KeelCacheOptions.DistributedLock"/>): how long a node waits for another
    /// node's factory before running its own. Default 10 s.
    /// </summary>
    public TimeSpan DistributedLockWait { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A copy with another duration (and optionally L1 duration).</summary>
    public CacheEntryOptions WithDuration(TimeSpan duration, TimeSpan? l1Duration = null) => this with { Duration = duration, L1Duration = l1Duration };

    /// <summary>A copy carrying these tags.</summary>
    public CacheEntryOptions WithTags(params string[] tags) => this with { Tags = tags };

    /// <summary>A copy with fail-safe on, keeping values up to <paramref name="maxDuration"/> past expiry (default: as set).</summary>
    public CacheEntryOptions WithFailSafe(TimeSpan? maxDuration = null, TimeSpan? throttle = null) => this with
    {
        FailSafe = true,
        FailSafeMaxDuration = maxDuration ?? FailSafeMaxDuration,
        FailSafeThrottleDuration = throttle ?? FailSafeThrottleDuration,
    };

    /// <summary>The L1 duration in force when there is an L2.</summary>
    internal TimeSpan EffectiveL1Duration => L1Duration ?? (Duration < TimeSpan.FromMinutes(1) ? Duration : TimeSpan.FromMinutes(1));

    /// <summary>How long L2 keeps the bytes: the duration and jitter, plus the fail-safe window.</summary>
    internal TimeSpan FailSafeWindow => FailSafe ? FailSafeMaxDuration : TimeSpan.Zero;

    internal void Validate(string parameterName)
    {
        if (Duration <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(parameterName, Duration, "CacheEntryOptions.Duration must be positive.");
        if (L1Duration is { } l1 && (l1 <= TimeSpan.Zero || l1 > Duration))
            throw new ArgumentOutOfRangeException(parameterName, l1, "CacheEntryOptions.L1Duration must be positive and at most Duration.");
        if (Jitter < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(parameterName, Jitter, "CacheEntryOptions.Jitter cannot be negative.");
        if (FailSafeMaxDuration < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(parameterName, FailSafeMaxDuration, "CacheEntryOptions.FailSafeMaxDuration cannot be negative.");
        if (FailSafeThrottleDuration <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(parameterName, FailSafeThrottleDuration, "CacheEntryOptions.FailSafeThrottleDuration must be positive.");
        if (EagerRefreshThreshold is { } threshold && (double.IsNaN(threshold) || threshold <= 0 || threshold >= 1))
            throw new ArgumentOutOfRangeException(parameterName, threshold, "CacheEntryOptions.EagerRefreshThreshold must be between 0 and 1 (exclusive), e.g. 0.8.");
        if (FactorySoftTimeout is { } soft && soft <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(parameterName, soft, "CacheEntryOptions.FactorySoftTimeout must be positive.");
        if (FactoryHardTimeout is { } hard && hard <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(parameterName, hard, "CacheEntryOptions.FactoryHardTimeout must be positive.");
        if (FactorySoftTimeout is { } s && FactoryHardTimeout is { } h && s >= h)
            throw new ArgumentException("CacheEntryOptions.FactorySoftTimeout must be shorter than FactoryHardTimeout.", parameterName);
        if (DistributedLockWait < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(parameterName, DistributedLockWait, "CacheEntryOptions.DistributedLockWait cannot be negative.");
        ArgumentNullException.ThrowIfNull(Tags, parameterName);
        foreach (var tag in Tags)
            CacheKeys.Validate(tag, parameterName, "cache tag");
    }
}
