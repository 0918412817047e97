using Microsoft.Extensions.Caching.Distributed;

namespace Keel.Redis;

/// <summary>
/// An <see cref="IDistributedCache"/> on Redis: the L2 of Keel's two-level cache, or any application's distributed
/// cache. Absolute and sliding expiration are both supported; each value is stored under one key as a small header
/// (its expirations) followed by the bytes, with the key's Redis TTL set to when it should vanish.
/// </summary>
/// <remarks>
/// <para><c>Set</c> is one <c>SET key header+value PX ttl</c>. <c>Get</c> and <c>Refresh</c> are one script each that
/// reads the entry and, for a sliding entry, pushes its TTL out again (never past its absolute expiration) in the same
/// atomic step, so a concurrent <c>Set</c> cannot get a stale TTL. <c>Remove</c> is one <c>DEL</c>.</para>
/// <para>The synchronous methods block on the asynchronous ones; prefer the <c>...Async</c> methods.</para>
/// <para>Failures surface as <see cref="RedisException"/> (<see cref="RedisConnectionException"/> when Redis is down),
/// so a cache in front of it can fall back to its L1 and the database.</para>
/// </remarks>
public sealed class RedisDistributedCache : IDistributedCache
{
    // ARGV[1] is the caller's clock in Unix ms (the clock that computed the absolute expiration); ARGV[2] is '1' to read
    // only the header (Refresh). The TTL becomes the sliding window, cut at the absolute expiration.
    private static readonly RedisScript ReadAndSlide = new("""
        local v
        if ARGV[2] == '1' then v = redis.call('GETRANGE', KEYS[1], 0, 26) else v = redis.call('GET', KEYS[1]) end
        if not v or #v == 0 then return false end
        if #v >= 27 and string.byte(v, 1) == 49 then
          local sliding = tonumber(string.sub(v, 2, 14))
          if sliding and sliding > 0 then
            local ttl = sliding
            local absolute = tonumber(string.sub(v, 15, 27))
            if absolute and absolute > 0 then ttl = math.min(ttl, absolute - tonumber(ARGV[1])) end
            if ttl > 0 then redis.call('PEXPIRE', KEYS[1], ttl) end
          end
        end
        return v
        """);

    private readonly RedisConnection _connection;
    private readonly string _prefix;
    private readonly TimeProvider _time;

    /// <summary>Creates the cache on a shared connection.</summary>
    /// <param name="connection">The connection; the cache does not own or dispose it.</param>
    /// <param name="options">Key prefix; defaults when null.</param>
    public RedisDistributedCache(RedisConnection connection, RedisDistributedCacheOptions? options = null)
        : this(connection, options, TimeProvider.System)
    {
    }

    internal RedisDistributedCache(RedisConnection connection, RedisDistributedCacheOptions? options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _connection = connection;
        _prefix = (options ?? new RedisDistributedCacheOptions()).KeyPrefix;
        _time = time;
    }

    /// <inheritdoc />
    public byte[]? Get(string key) => GetAsync(key).GetAwaiter().GetResult();

    /// <inheritdoc />
    /// <exception cref="RedisException">Redis failed, or the key holds a value this cache did not write.</exception>
    public async Task<byte[]?> GetAsync(string key, CancellationToken token = default)
    {
        var stored = await ReadAsync(key, headerOnly: false, token).ConfigureAwait(false);
        return stored?[CacheEntryHeader.Length..];
    }

    /// <inheritdoc />
    public void Set(string key, byte[] value, DistributedCacheEntryOptions options)
        => SetAsync(key, value, options).GetAwaiter().GetResult();

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException">The absolute expiration is already past, or an expiration is not positive.</exception>
    public async Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(options);
        var fullKey = FullKey(key);
        var now = _time.GetUtcNow();
        var absolute = options.AbsoluteExpiration;
        if (options.AbsoluteExpirationRelativeToNow is { } relative)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(relative, TimeSpan.Zero, nameof(options));
            absolute = now + relative;
        }

        if (absolute is { } at && at <= now)
            throw new ArgumentOutOfRangeException(nameof(options), at, "The absolute expiration is already in the past; such an entry would never be readable.");
        var sliding = options.SlidingExpiration;
        if (sliding is { } window)
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero, nameof(options));

        TimeSpan? ttl = absolute is { } end ? end - now : null;
        if (sliding is { } slide && (ttl is null || slide < ttl))
            ttl = slide;

        var stored = GC.AllocateUninitializedArray<byte>(CacheEntryHeader.Length + value.Length);
        CacheEntryHeader.Write(stored, (long)Math.Ceiling(sliding?.TotalMilliseconds ?? 0), absolute?.ToUnixTimeMilliseconds() ?? 0);
        value.CopyTo(stored.AsSpan(CacheEntryHeader.Length));
        await _connection.SetAsync(fullKey, stored, ttl, SetCondition.Always, token).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Refresh(string key) => RefreshAsync(key).GetAwaiter().GetResult();

    /// <inheritdoc />
    public async Task RefreshAsync(string key, CancellationToken token = default)
        => await ReadAsync(key, headerOnly: true, token).ConfigureAwait(false);

    /// <inheritdoc />
    public void Remove(string key) => RemoveAsync(key).GetAwaiter().GetResult();

    /// <inheritdoc />
    public async Task RemoveAsync(string key, CancellationToken token = default)
        => await _connection.DeleteAsync(FullKey(key), token).ConfigureAwait(false);

    private async Task<byte[]?> ReadAsync(string key, bool headerOnly, CancellationToken token)
    {
        var fullKey = FullKey(key);
        var reply = await _connection.EvalAsync(ReadAndSlide, [fullKey],
            [_time.GetUtcNow().ToUnixTimeMilliseconds(), headerOnly ? "1" : "0"], token).ConfigureAwait(false);
        var stored = reply.Bytes;
        if (stored is null)
            return null;
        if (!CacheEntryHeader.IsValid(stored))
            throw new RedisException($"The value at Redis key '{fullKey}' was not written by RedisDistributedCache (no Keel entry header). Use a KeyPrefix of its own for the cache.");
        return stored;
    }

    private string FullKey(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return _prefix.Length == 0 ? key : string.Concat(_prefix, key);
    }
}
