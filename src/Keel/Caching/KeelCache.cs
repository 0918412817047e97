using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Keel;

/// <summary>
/// A two-level cache: L1 in process (a size-bounded <see cref="MemoryCache"/>), L2 any <see cref="IDistributedCache"/>,
/// in front of a factory (usually the database). One factory call per key per process (and, with a distributed lock,
/// per cluster); fail-safe, eager refresh, tags, a backplane between nodes, and invalidation after commit.
/// Thread-safe; make one per application and share it.
/// </summary>
/// <remarks>
/// Values are held in L1 as objects and handed out as they are: treat cached values as immutable (records).
/// </remarks>
public sealed partial class KeelCache : IAsyncDisposable
{
    private readonly MemoryCache _l1;
    private readonly IDistributedCache? _l2;
    private readonly ICacheBackplane? _backplane;
    private readonly IDistributedCacheLock? _lock;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly JsonSerializerOptions _json;
    private readonly string _prefix;
    private readonly ConcurrentDictionary<string, CacheFlight> _flights = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _shutdown = new();
    private readonly KeyValuePair<string, object?> _cacheTag;
    private readonly PostEvictionCallbackRegistration _evicted;
    private int _disposed;

    /// <summary>
    /// Makes a cache. With a backplane, subscribing starts here and finishes in the background; await
    /// <see cref="BackplaneReady"/> (or use <see cref="CreateAsync"/>) before relying on messages from other nodes.
    /// </summary>
    /// <exception cref="ArgumentException">An option is out of range; the message names it.</exception>
    public KeelCache(KeelCacheOptions? options = null)
    {
        options ??= new KeelCacheOptions();
        options.Validate();
        Options = options;
        _time = options.TimeProvider;
        _l2 = options.Distributed;
        _backplane = options.Backplane;
        _lock = options.DistributedLock;
        _prefix = options.KeyPrefix;
        _json = JsonMembers.Prepare(options.SerializerOptions);
        _logger = options.LoggerFactory?.CreateLogger("Keel.Cache") ?? NullLogger.Instance;
        _cacheTag = new KeyValuePair<string, object?>("cache", options.Name);
        _l1 = new MemoryCache(Microsoft.Extensions.Options.Options.Create(new MemoryCacheOptions
        {
            SizeLimit = options.L1SizeLimit,
            Clock = new TimeProviderClock(_time),
        }));
        _evicted = new PostEvictionCallbackRegistration { EvictionCallback = OnEvicted, State = this };
        BackplaneReady = _backplane is null ? Task.CompletedTask : _backplane.SubscribeAsync(OnBackplaneMessageAsync, _shutdown.Token);
    }

    /// <summary>Makes a cache and waits until its backplane (if any) is subscribed.</summary>
    public static async Task<KeelCache> CreateAsync(KeelCacheOptions options, CancellationToken cancellationToken = default)
    {
        var cache = new KeelCache(options);
        try
        {
            await cache.BackplaneReady.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await cache.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return cache;
    }

    /// <summary>The options the cache runs with.</summary>
    public KeelCacheOptions Options { get; }

    /// <summary>Identifies this cache instance on the backplane, so it ignores its own messages.</summary>
    public string InstanceId { get; } = Guid.NewGuid().ToString("N");

    /// <summary>How many entries L1 holds (values and tag records); for tests and diagnostics.</summary>
    internal int L1Count => _l1.Count;

    /// <summary>Completes once the backplane delivers messages to this cache (at once without a backplane).</summary>
    public Task BackplaneReady { get; }

    /// <summary>
    /// The cached value, or <paramref name="factory"/>'s, stored in L1 and L2: L1 → L2 → factory. Concurrent misses on
    /// one key share one factory call. The factory's token is cancelled by <see cref="CacheEntryOptions.FactoryHardTimeout"/>
    /// (not by <paramref name="cancellationToken"/>, which only stops this caller's wait: others may be waiting too).
    /// </summary>
    /// <exception cref="ArgumentException">The key is empty, too long or holds control characters; or an option is out of range.</exception>
    /// <exception cref="CacheFactoryTimeoutException">The factory passed its hard timeout and no stale value was at hand.</exception>
    public ValueTask<T> GetOrSetAsync<T>(string key, Func<CancellationToken, Task<T>> factory, CacheEntryOptions? options = null, CancellationToken cancellationToken = default)
        => GetOrSetAsync(key, factory, TypeInfo<T>(), options, cancellationToken);

    /// <summary>The cached value, or the factory's: the same as the other overload, serialized with <paramref name="typeInfo"/> (trimming-safe).</summary>
    public ValueTask<T> GetOrSetAsync<T>(string key, Func<CancellationToken, Task<T>> factory, JsonTypeInfo<T> typeInfo, CacheEntryOptions? options = null, CancellationToken cancellationToken = default)
    {
        CacheKeys.Validate(key, nameof(key));
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(typeInfo);
        options = Checked(options);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var fullKey = _prefix + key;
        var now = _time.GetUtcNow();
        if (_l1.TryGetValue(fullKey, out var held) && held is CachedValue entry && entry.FreshUntil > now && entry.TagKeys.Length == 0)
        {
            // The hot path: a fresh untagged L1 hit completes synchronously.
            var value = Unwrap<T>(entry, key);
            RecordL1Hit(entry);
            RefreshAheadIfDue(fullKey, entry, now, factory, typeInfo, options);
            return new ValueTask<T>(value);
        }

        return GetOrSetSlowAsync(fullKey, key, factory, typeInfo, options, cancellationToken);
    }

    /// <summary>The cached value (L1, then L2), or a not-found result; never calls a factory and never returns a stale value.</summary>
    public ValueTask<CacheResult<T>> TryGetAsync<T>(string key, CancellationToken cancellationToken = default)
        => TryGetAsync(key, TypeInfo<T>(), cancellationToken);

    /// <summary>The cached value, or a not-found result, deserialized with <paramref name="typeInfo"/>.</summary>
    public async ValueTask<CacheResult<T>> TryGetAsync<T>(string key, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default)
    {
        CacheKeys.Validate(key, nameof(key));
        ArgumentNullException.ThrowIfNull(typeInfo);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var fullKey = _prefix + key;
        var now = _time.GetUtcNow();
        var entry = await FreshL1Async(fullKey, now, cancellationToken).ConfigureAwait(false);
        if (entry is not null)
        {
            RecordL1Hit(entry);
            return new CacheResult<T>(true, Unwrap<T>(entry, key));
        }

        entry = await ReadL2Async(fullKey, typeInfo, Options.DefaultEntryOptions, now, cancellationToken).ConfigureAwait(false);
        if (entry is null || entry.Expires <= now)
            return default;
        WriteL1(fullKey, entry, Options.DefaultEntryOptions);
        return new CacheResult<T>(true, Unwrap<T>(entry, key));
    }

    /// <summary>The cached value, or <c>default</c> when there is none. See <see cref="TryGetAsync{T}(string, CancellationToken)"/>.</summary>
    public async ValueTask<T?> GetAsync<T>(string key, CancellationToken cancellationToken = default)
    {
        var result = await TryGetAsync<T>(key, cancellationToken).ConfigureAwait(false);
        return result.Found ? result.Value : default;
    }

    /// <summary>
    /// Stores <paramref name="value"/> in L1 and L2 and tells other nodes to drop their copy. A load of the key running
    /// meanwhile hands its (older) result to its callers without storing it.
    /// </summary>
    /// <exception cref="CachePayloadTooLargeException">The value serializes to more than <see cref="KeelCacheOptions.MaxPayloadBytes"/>; nothing changed.</exception>
    public Task SetAsync<T>(string key, T value, CacheEntryOptions? options = null, CancellationToken cancellationToken = default)
        => SetAsync(key, value, TypeInfo<T>(), options, cancellationToken);

    /// <summary>Stores <paramref name="value"/>, serialized with <paramref name="typeInfo"/>, in L1 and L2.</summary>
    public Task SetAsync<T>(string key, T value, JsonTypeInfo<T> typeInfo, CacheEntryOptions? options = null, CancellationToken cancellationToken = default)
    {
        CacheKeys.Validate(key, nameof(key));
        ArgumentNullException.ThrowIfNull(typeInfo);
        options = Checked(options);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var fullKey = _prefix + key;
        var (entry, bytes) = Prepare(fullKey, value, typeInfo, _time.GetUtcNow(), options);
        if (bytes is null)
            throw new CachePayloadTooLargeException(key, entry.Size, Options.MaxPayloadBytes);
        return StoreAsync(fullKey, entry, bytes, options, flight: null, cancellationToken);
    }

    /// <summary>Removes the key from L1 and L2 and tells other nodes to drop their copy.</summary>
    public async Task RemoveAsync(string key, CancellationToken cancellationToken = default)
    {
        CacheKeys.Validate(key, nameof(key));
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var fullKey = _prefix + key;
        DropLocal(fullKey);
        if (_l2 is not null)
        {
            var sequence = NextSequence();
            try
            {
                await _l2.RemoveAsync(fullKey, cancellationToken).ConfigureAwait(false);
                Settle(fullKey, sequence);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                OnDistributedFailure("remove", fullKey, e);
                Pend(fullKey, CacheBackplaneAction.Remove, sequence, _time.GetUtcNow());
            }
        }

        await PublishAsync(CacheBackplaneAction.Remove, fullKey, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops background work and releases L1. The L2, backplane and lock are not disposed: the caller owns them.</summary>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return ValueTask.CompletedTask;
        // Cancelled, not disposed: loads still running may read its token on their way out.
        _shutdown.Cancel();
        _l1.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>The L1 entry when it is fresh (not a fail-safe copy) and no tag has invalidated it; an invalidated one is dropped.</summary>
    private async ValueTask<CachedValue?> FreshL1Async(string fullKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!_l1.TryGetValue(fullKey, out var held) || held is not CachedValue entry || entry.FreshUntil <= now || entry.IsStale)
            return null;
        if (!await IsInvalidatedAsync(entry, cancellationToken).ConfigureAwait(false))
            return entry;
        _l1.Remove(fullKey);
        return null;
    }

    private CacheEntryOptions Checked(CacheEntryOptions? options)
    {
        if (options is null)
            return Options.DefaultEntryOptions;
        options.Validate(nameof(options));
        return options;
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "The resolver is the caller's: a source-generated context when trimming.")]
    private JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)_json.GetTypeInfo(typeof(T));

    private static T Unwrap<T>(CachedValue entry, string key)
    {
        if (entry.Value is T value)
            return value;
        if (entry.Value is null && default(T) is null)
            return default!;
        throw new InvalidOperationException($"Cache key '{key}' holds a {entry.Value?.GetType().Name ?? "null"}, not a {typeof(T).Name}; use one type per key.");
    }

    private void DropLocal(string fullKey)
    {
        if (_flights.TryGetValue(fullKey, out var flight))
            flight.Invalidate();
        _l1.Remove(fullKey);
    }

    private (CachedValue Entry, byte[]? Bytes) Prepare<T>(string fullKey, T value, JsonTypeInfo<T> typeInfo, DateTimeOffset created, CacheEntryOptions options)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);
        var duration = options.Duration;
        if (options.Jitter > TimeSpan.Zero)
            duration += TimeSpan.FromTicks((long)(Random.Shared.NextDouble() * options.Jitter.Ticks));
        var expires = created + duration;
        DateTimeOffset? refreshAt = options.EagerRefreshThreshold is { } threshold ? created + (duration * threshold) : null;
        var tags = options.Tags.Count == 0 ? [] : options.Tags.ToArray();
        var freshUntil = _l2 is null ? expires : Min(expires, created + options.EffectiveL1Duration);
        var entry = new CachedValue(value, created, expires, freshUntil, refreshAt, tags, CacheKeys.Tags(_prefix, tags), payload.Length);
        if (payload.Length > Options.MaxPayloadBytes)
            return (entry, null);
        var bytes = _l2 is null ? [] : new CacheEnvelope(created, expires, refreshAt, tags, payload).ToBytes();
        return (entry, bytes);
    }

    private async Task StoreAsync(string fullKey, CachedValue entry, byte[] bytes, CacheEntryOptions options, CacheFlight? flight, CancellationToken cancellationToken)
    {
        if (flight is null)
            DropLocal(fullKey);
        // Taken after the drop: a load that passes the check below began after any remove before it, so its value is newer.
        var sequence = NextSequence();
        if (flight is { Invalidated: true })
            return;
        if (_l2 is not null)
        {
            var lifetime = entry.Expires - _time.GetUtcNow() + options.FailSafeWindow;
            if (entry.TagKeys.Length > 0 && lifetime > Options.TagRetention)
                lifetime = Options.TagRetention;
            if (lifetime > TimeSpan.Zero)
            {
                try
                {
                    await _l2.SetAsync(fullKey, bytes, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = lifetime }, cancellationToken).ConfigureAwait(false);
                    Settle(fullKey, sequence);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    OnDistributedFailure("set", fullKey, e);
                    // A write-through whose value L2 refused leaves L2 with an older one: remove it once L2 answers.
                    // A load's value needs no such care; L2 had none newer.
                    if (flight is null)
                        Pend(fullKey, CacheBackplaneAction.Remove, sequence, _time.GetUtcNow());
                }
            }
        }

        if (flight is { Invalidated: true })
            return;
        WriteL1(fullKey, entry, options);
        await PublishAsync(CacheBackplaneAction.Set, fullKey, cancellationToken).ConfigureAwait(false);
    }

    private void WriteL1(string fullKey, CachedValue entry, CacheEntryOptions options)
    {
        var now = _time.GetUtcNow();
        var until = Max(entry.FreshUntil, entry.Expires + options.FailSafeWindow);
        if (entry.TagKeys.Length > 0)
            until = Min(until, now + Options.TagRetention);
        if (until <= now)
            return;
        using var l1 = _l1.CreateEntry(fullKey);
        l1.Value = entry;
        l1.Size = Math.Max(entry.Size, 1);
        l1.AbsoluteExpiration = until;
        l1.PostEvictionCallbacks.Add(_evicted);
    }

    private static void OnEvicted(object key, object? value, EvictionReason reason, object? state)
    {
        if (!CacheMetrics.Evictions.Enabled || reason is not (EvictionReason.Capacity or EvictionReason.Expired))
            return;
        var cache = (KeelCache)state!;
        CacheMetrics.Evictions.Add(1, cache._cacheTag, new KeyValuePair<string, object?>("reason", reason == EvictionReason.Capacity ? "capacity" : "expired"));
    }

    private void OnDistributedFailure(string operation, string fullKey, Exception e)
    {
        KeelLog.CacheDistributedFailed(_logger, operation, fullKey, e);
        if (CacheMetrics.Errors.Enabled)
            CacheMetrics.Errors.Add(1, _cacheTag, new KeyValuePair<string, object?>("source", "l2"));
    }

    private void RecordL1Hit(CachedValue entry)
    {
        if (CacheMetrics.Hits.Enabled)
            CacheMetrics.Hits.Add(1, _cacheTag, new KeyValuePair<string, object?>("level", "l1"));
        if (entry.IsStale && CacheMetrics.StaleServed.Enabled)
            CacheMetrics.StaleServed.Add(1, _cacheTag, new KeyValuePair<string, object?>("reason", "throttled"));
    }

    private void Count(Counter counter, string tagName, string tagValue)
    {
        var instrument = counter switch
        {
            Counter.Hit => CacheMetrics.Hits,
            Counter.Miss => CacheMetrics.Misses,
            Counter.Stale => CacheMetrics.StaleServed,
            _ => CacheMetrics.BackplaneMessages,
        };
        if (instrument.Enabled)
            instrument.Add(1, _cacheTag, new KeyValuePair<string, object?>(tagName, tagValue));
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private enum Counter
    {
        Hit,
        Miss,
        Stale,
        Backplane,
    }
}
