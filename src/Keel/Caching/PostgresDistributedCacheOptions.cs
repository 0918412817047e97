namespace Keel;

/// <summary>Where <see cref="PostgresDistributedCache"/> keeps its rows and how often it sweeps expired ones. Immutable.</summary>
public sealed record PostgresDistributedCacheOptions
{
    /// <summary>The table's schema. Default <c>public</c>.</summary>
    public string Schema { get; init; } = "public";

    /// <summary>The UNLOGGED table holding the entries. Default <c>keel_cache</c>.</summary>
    public string Table { get; init; } = "keel_cache";

    /// <summary>How often expired rows are deleted in the background; null turns the sweeper off (call <see cref="PostgresDistributedCache.SweepAsync"/> yourself). Default 5 minutes.</summary>
    public TimeSpan? SweepInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The most rows one sweep statement deletes, so a sweep never holds many row locks at once. Default 1,000.</summary>
    public int SweepBatchSize { get; init; } = 1000;

    /// <summary>The most statements one sweep runs before waiting for the next interval. Default 100.</summary>
    public int SweepMaxBatches { get; init; } = 100;

    /// <summary>The clock for expiry (the application's, not the server's, so it agrees with <see cref="KeelCache"/>). Default system.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Schema, nameof(Schema));
        ArgumentException.ThrowIfNullOrWhiteSpace(Table, nameof(Table));
        _ = Sql.Identifier(Schema, Table);
        if (SweepInterval is { } interval && interval <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(SweepInterval), interval, "PostgresDistributedCacheOptions.SweepInterval must be positive (or null to turn the sweeper off).");
        ArgumentOutOfRangeException.ThrowIfLessThan(SweepBatchSize, 1, nameof(SweepBatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(SweepMaxBatches, 1, nameof(SweepMaxBatches));
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
    }
}
