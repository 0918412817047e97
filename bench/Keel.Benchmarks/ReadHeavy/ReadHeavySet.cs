using Keel.Redis;

namespace Keel.Benchmarks;

/// <summary>
/// W6's three contenders and what they stand on: the database alone, KeelCache with the PostgreSQL L2 (an UNLOGGED
/// table in the same database, on a pool of its own), and KeelCache with the Redis L2 on a redis-server started here —
/// or no Redis contender, with <see cref="RedisNote"/> saying why.
/// </summary>
internal sealed class ReadHeavySet : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _owned = [];

    private ReadHeavySet()
    {
    }

    public ReadHeavyContender DatabaseOnly { get; private set; } = null!;

    public ReadHeavyContender PostgresL2 { get; private set; } = null!;

    public ReadHeavyContender? RedisL2 { get; private set; }

    public string? RedisNote { get; private set; }

    public static async Task<ReadHeavySet> OpenAsync(string connectionString, int operations, CancellationToken cancellationToken)
    {
        var set = new ReadHeavySet();
        try
        {
            set.DatabaseOnly = await set.OpenAsync(new ReadHeavyContender(connectionString, cached: false, l2: null, operations), cancellationToken);

            var cacheKeel = set.Own(KeelDataSource.Create(new KeelOptions { ConnectionString = connectionString, MaxPoolSize = 4, ApplicationName = "bench-w6-l2" }));
            var postgres = set.Own(new PostgresDistributedCache(cacheKeel, new PostgresDistributedCacheOptions { SweepInterval = null }));
            await postgres.EnsureSchemaAsync(cancellationToken);
            set.PostgresL2 = await set.OpenAsync(new ReadHeavyContender(connectionString, cached: true, postgres, operations), cancellationToken);

            var redisServer = await BenchRedisServer.StartAsync(cancellationToken);
            if (redisServer is null)
            {
                set.RedisNote = "redis-server is not installed (apt-get install redis-server): the Redis L2 variant was skipped.";
                return set;
            }

            set.Own(redisServer);
            var redis = set.Own(new RedisConnection(redisServer.ConnectionString));
            set.RedisL2 = await set.OpenAsync(new ReadHeavyContender(connectionString, cached: true, new RedisDistributedCache(redis), operations), cancellationToken);
            return set;
        }
        catch
        {
            await set.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Contenders first, then the L2s and the servers they stand on.
        for (var i = _owned.Count - 1; i >= 0; i--)
            await _owned[i].DisposeAsync();
    }

    private T Own<T>(T resource)
        where T : IAsyncDisposable
    {
        _owned.Add(resource);
        return resource;
    }

    private async Task<ReadHeavyContender> OpenAsync(ReadHeavyContender contender, CancellationToken cancellationToken)
    {
        Own(contender);
        await contender.OpenAsync(cancellationToken);
        return contender;
    }
}
