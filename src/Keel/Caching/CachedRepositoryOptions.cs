namespace Keel;

/// <summary>How a cached repository view caches loads and named queries, and what its writes do to the cache. Immutable.</summary>
public sealed record CachedRepositoryOptions
{
    /// <summary>The default: one hour (the usual span for profile-like data), one minute in L1, invalidate on write.</summary>
    public static CachedRepositoryOptions Default { get; } = new();

    /// <summary>How documents loaded by id are cached. Default one hour (one minute in L1).</summary>
    public CacheEntryOptions Load { get; init; } = CacheEntryOptions.Default.WithDuration(TimeSpan.FromHours(1));

    /// <summary>How named query results are cached (they also carry the table's tag). Default five minutes.</summary>
    public CacheEntryOptions Query { get; init; } = CacheEntryOptions.Default;

    /// <summary>
    /// On a write through the view, store the written document under its key (write-through) instead of removing the
    /// key. Either way it happens after commit when the view is bound to a transaction. Default false.
    /// </summary>
    public bool WriteThrough { get; init; }

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Load, nameof(Load));
        ArgumentNullException.ThrowIfNull(Query, nameof(Query));
        Load.Validate(nameof(Load));
        Query.Validate(nameof(Query));
    }
}
