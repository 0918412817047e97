using Keel.Tests;
using Microsoft.Extensions.Logging;

namespace Keel.Redis.Tests;

/// <summary>A value the end-to-end cache tests store.</summary>
public sealed record Member(int Id, string Name);

/// <summary>
/// One application node as a deployment runs it: a Redis connection of its own, and on it the L2, the backplane and
/// the lock, under a <see cref="KeelCache"/>. Nodes made with the same scope share keys, lock names and channel.
/// </summary>
public sealed class CacheNode : IAsyncDisposable
{
    /// <summary>Long enough that nothing expires during a test: only L2, the backplane or a tag can change what a node sees.</summary>
    public static readonly CacheEntryOptions OneHour = CacheEntryOptions.Default.WithDuration(TimeSpan.FromHours(1), TimeSpan.FromHours(1));

    private CacheNode(RedisConnection connection, RedisCacheBackplane? backplane, KeelCache cache)
    {
        Connection = connection;
        Backplane = backplane;
        Cache = cache;
    }

    public RedisConnection Connection { get; }

    public RedisCacheBackplane? Backplane { get; }

    public KeelCache Cache { get; }

    /// <summary>A scope no other test on the same server uses.</summary>
    public static string NewScope(string stem) => stem + Guid.NewGuid().ToString("N")[..8];

    /// <param name="redis">The server to use.</param>
    /// <param name="scope">Shared by the nodes of one test, unique among tests on the same server.</param>
    /// <param name="name">The node's name; with the scope it names the cache on its metrics.</param>
    /// <param name="backplane">False for a node that learns of other nodes' changes only through L2.</param>
    /// <param name="tagCheckInterval">How long the node trusts its copy of a tag's invalidation time; default 1 h.</param>
    /// <param name="loggerFactory">Where the connection and the cache log.</param>
    public static async Task<CacheNode> StartAsync(
        RedisConnectionOptions redis, string scope, string name, bool backplane = true, TimeSpan? tagCheckInterval = null, ILoggerFactory? loggerFactory = null)
    {
        var connection = new RedisConnection(redis, loggerFactory);
        var plane = backplane ? new RedisCacheBackplane(connection, new RedisCacheBackplaneOptions { Channel = scope + ":backplane" }) : null;
        var cache = await KeelCache.CreateAsync(new KeelCacheOptions
        {
            Name = scope + "-" + name,
            KeyPrefix = "app:",
            Distributed = new RedisDistributedCache(connection, new RedisDistributedCacheOptions { KeyPrefix = scope + ":cache:" }),
            Backplane = plane,
            DistributedLock = new RedisCacheLock(connection, new RedisCacheLockOptions { KeyPrefix = scope + ":lock:" }),
            TagCheckInterval = tagCheckInterval ?? TimeSpan.FromHours(1),
            LoggerFactory = loggerFactory,
        });
        return new CacheNode(connection, plane, cache);
    }

    /// <summary>The sum this node's cache recorded on <paramref name="instrument"/> with the given tag.</summary>
    public long Count(MeterRecorder recorder, string instrument, string tag, string value)
    {
        var cache = new KeyValuePair<string, object?>("cache", Cache.Options.Name);
        var wanted = new KeyValuePair<string, object?>(tag, value);
        return recorder.Measurements
            .Where(m => m.Instrument == instrument && m.Tags.Contains(cache) && m.Tags.Contains(wanted))
            .Sum(m => (long)m.Value);
    }

    public async ValueTask DisposeAsync()
    {
        await Cache.DisposeAsync();
        if (Backplane is not null)
            await Backplane.DisposeAsync();
        await Connection.DisposeAsync();
    }
}
