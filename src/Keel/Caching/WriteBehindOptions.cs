using System.Text.Json;

namespace Keel;

/// <summary>
/// Where a <see cref="WriteBehindQueue"/> keeps its rows and how queued writes show through the cache. Immutable:
/// derive variants with <c>with</c>.
/// </summary>
public sealed record WriteBehindOptions
{
    /// <summary>A name for the queue, tagged on its metrics (<c>queue</c>). Default <c>default</c>.</summary>
    public string Name { get; init; } = "default";

    /// <summary>The queue table's schema. Default <c>public</c>.</summary>
    public string Schema { get; init; } = "public";

    /// <summary>The queue table. Default <c>keel_write_behind</c>.</summary>
    public string Table { get; init; } = "keel_write_behind";

    /// <summary>
    /// The cache a queued value is written to when its enqueue commits, so readers see it before the worker applies it;
    /// the worker removes the key once the write is applied. Null: queued writes are visible through
    /// <see cref="WriteBehindQueue.ReadAsync{T}(string, string, Func{SqlExecutor, CancellationToken, Task{T}}, CancellationToken)"/> only.
    /// </summary>
    public KeelCache? Cache { get; init; }

    /// <summary>The cache key of a target's key. Default <c>{target}:{key}</c>.</summary>
    public Func<string, string, string> CacheKey { get; init; } = static (target, key) => target + ":" + key;

    /// <summary>How long queued values stay in the cache; longer than the worker's usual lag. Default: the cache's default.</summary>
    public CacheEntryOptions? CacheEntryOptions { get; init; }

    /// <summary>
    /// The JSON settings for payloads (a source-generated <c>JsonSerializerContext</c> as resolver for trimmed apps).
    /// Default: <see cref="JsonSerializerDefaults.Web"/>.
    /// </summary>
    public JsonSerializerOptions? SerializerOptions { get; init; }

    /// <summary>The clock for enqueue and retry times (the application's, so tests can move it). Default system.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Name, nameof(Name));
        ArgumentException.ThrowIfNullOrWhiteSpace(Schema, nameof(Schema));
        ArgumentException.ThrowIfNullOrWhiteSpace(Table, nameof(Table));
        _ = Sql.Identifier(Schema, Table);
        ArgumentNullException.ThrowIfNull(CacheKey, nameof(CacheKey));
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
        CacheEntryOptions?.Validate(nameof(CacheEntryOptions));
    }
}
