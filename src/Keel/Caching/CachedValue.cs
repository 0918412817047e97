namespace Keel;

/// <summary>One value as the cache holds it in L1: the object, when it was made, and when it goes stale.</summary>
internal sealed class CachedValue
{
    private int _refreshStarted;

    public CachedValue(object? value, DateTimeOffset created, DateTimeOffset expires, DateTimeOffset freshUntil, DateTimeOffset? refreshAt, string[] tags, string[] tagKeys, long size)
    {
        Value = value;
        Created = created;
        Expires = expires;
        FreshUntil = freshUntil;
        RefreshAt = refreshAt;
        Tags = tags;
        TagKeys = tagKeys;
        Size = size;
    }

    public object? Value { get; }

    /// <summary>When the factory that produced the value started: an entry made before a tag's invalidation is stale.</summary>
    public DateTimeOffset Created { get; }

    /// <summary>The value's logical expiry, the same on every level and node.</summary>
    public DateTimeOffset Expires { get; }

    /// <summary>Until when this copy may be served without asking L2 (its L1 duration, or a fail-safe throttle).</summary>
    public DateTimeOffset FreshUntil { get; }

    /// <summary>Past this, a hit refreshes the value in the background (eager refresh); null when not asked for.</summary>
    public DateTimeOffset? RefreshAt { get; }

    public string[] Tags { get; }

    public string[] TagKeys { get; }

    /// <summary>The payload size in bytes: what the entry costs against the L1 size limit.</summary>
    public long Size { get; }

    /// <summary>True for a value served past its expiry by fail-safe.</summary>
    public bool IsStale { get; private init; }

    /// <summary>True the first time it is called past the refresh point, so one entry starts one refresh.</summary>
    public bool TryStartRefresh() => Interlocked.Exchange(ref _refreshStarted, 1) == 0;

    public CachedValue WithFreshness(DateTimeOffset freshUntil) => new(Value, Created, Expires, freshUntil, RefreshAt, Tags, TagKeys, Size);

    public CachedValue AsStale(DateTimeOffset freshUntil) => new(Value, Created, Expires, freshUntil, null, Tags, TagKeys, Size) { IsStale = true };
}
