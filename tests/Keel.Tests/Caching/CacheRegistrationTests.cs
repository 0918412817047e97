using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;

namespace Keel.Tests.Caching;

public sealed class CacheRegistrationTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task AddKeelCache_builds_the_cache_on_the_containers_PostgreSQL_L2_and_lock()
    {
        var services = new ServiceCollection();
        services.AddKeel(o => o.ConnectionString = db.ConnectionString);
        services.AddKeelPostgresCache();
        services.AddKeelCache((_, o) => o with { KeyPrefix = "di:" });
        await using var provider = services.BuildServiceProvider();
        var l2 = (PostgresDistributedCache)provider.GetRequiredService<IDistributedCache>();
        await l2.EnsureSchemaAsync();
        var cache = provider.GetRequiredService<KeelCache>();
        Assert.Same(cache, provider.GetRequiredService<KeelCache>());
        Assert.Same(l2, cache.Options.Distributed);
        Assert.IsType<PostgresCacheLock>(cache.Options.DistributedLock);
        Assert.Equal("di:", cache.Options.KeyPrefix);
        await cache.SetAsync("x", new Profile(1, "from di"));
        Assert.NotNull(await l2.GetAsync("di:x"));
    }
}
