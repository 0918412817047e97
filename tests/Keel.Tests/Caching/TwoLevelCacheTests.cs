namespace Keel.Tests.Caching;

/// <summary>L1 + PostgreSQL L2: two caches play two nodes sharing one L2 (and one advisory lock).</summary>
public sealed class TwoLevelCacheTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private static readonly CacheEntryOptions Hour = CacheEntryOptions.Default.WithDuration(TimeSpan.FromHours(1), TimeSpan.FromMinutes(1));

    [Fact]
    public async Task A_value_set_on_one_node_is_read_from_L2_by_another()
    {
        await using var l2 = await CacheTestKit.L2Async(db.Keel);
        var prefix = CacheTestKit.Unique("share") + ":";
        await using var a = new KeelCache(new KeelCacheOptions { Distributed = l2, KeyPrefix = prefix });
        await using var b = new KeelCache(new KeelCacheOptions { Distributed = l2, KeyPrefix = prefix });
        using var meter = new MeterRecorder();
        await a.SetAsync("user:1", new Profile(1, "Ada"), Hour);
        var factory = new CountingFactory();
        Assert.Equal("Ada", (await b.GetOrSetAsync("user:1", factory.LoadAsync, Hour)).Name);
        Assert.Equal(0, factory.Calls);
        Assert.Contains(meter.Measurements, m => m.Instrument == "keel.cache.hits" && m.Tags.Any(t => t.Key == "level" && (string?)t.Value == "l2"));
    }

    [Fact]
    public async Task When_L1_expires_the_value_is_taken_again_from_L2()
    {
        var clock = CacheTestKit.Clock();
        await using var l2 = await CacheTestKit.L2Async(db.Keel, clock);
        var prefix = CacheTestKit.Unique("l1exp") + ":";
        await using var a = new KeelCache(new KeelCacheOptions { Distributed = l2, KeyPrefix = prefix, TimeProvider = clock });
        await using var b = new KeelCache(new KeelCacheOptions { Distributed = l2, KeyPrefix = prefix, TimeProvider = clock });
        var factory = new CountingFactory();
        await b.GetOrSetAsync("k", factory.LoadAsync, Hour);
        await a.SetAsync("k", new Profile(99, "newer"), Hour);
        Assert.Equal(1, (await b.GetOrSetAsync("k", factory.LoadAsync, Hour)).Id);
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(99, (await b.GetOrSetAsync("k", factory.LoadAsync, Hour)).Id);
        Assert.Equal(1, factory.Calls);
    }

    [Fact]
    public async Task Thousand_concurrent_misses_on_one_node_call_the_factory_once()
    {
        await using var l2 = await CacheTestKit.L2Async(db.Keel);
        await using var cache = new KeelCache(new KeelCacheOptions { Distributed = l2, KeyPrefix = CacheTestKit.Unique("stampede") + ":" });
        var calls = 0;
        async Task<Profile> Factory(CancellationToken ct)
        {
            Interlocked.Increment(ref calls);
            await Task.Yield();
            return new Profile(1, "one");
        }

        var reads = await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ => Task.Run(async () => await cache.GetOrSetAsync("hot", Factory, Hour))));
        Assert.Equal(1, calls);
        Assert.All(reads, r => Assert.Equal("one", r.Name));
    }

    [Fact]
    public async Task With_the_advisory_lock_concurrent_misses_on_two_nodes_call_the_factory_once_in_total()
    {
        await using var keel = db.CreateDataSource(o => o.MaxPoolSize = 20);
        await using var l2 = await CacheTestKit.L2Async(keel);
        var locks = new PostgresCacheLock(keel);
        var prefix = CacheTestKit.Unique("cluster") + ":";
        await using var a = new KeelCache(new KeelCacheOptions { Distributed = l2, DistributedLock = locks, KeyPrefix = prefix });
        await using var b = new KeelCache(new KeelCacheOptions { Distributed = l2, DistributedLock = locks, KeyPrefix = prefix });
        var calls = 0;
        async Task<Profile> Factory(CancellationToken ct)
        {
            Interlocked.Increment(ref calls);
            // Long enough that the other node's leader is surely waiting on the lock rather than finished.
            await Task.Delay(200, ct);
            return new Profile(1, "computed once");
        }

        var reads = await Task.WhenAll(Enumerable.Range(0, 400).Select(i => Task.Run(async () => await (i % 2 == 0 ? a : b).GetOrSetAsync("expensive", Factory, Hour))));
        Assert.Equal(1, calls);
        Assert.All(reads, r => Assert.Equal("computed once", r.Name));
    }

    [Fact]
    public async Task The_advisory_lock_is_exclusive_until_released()
    {
        var locks = new PostgresCacheLock(db.Keel);
        var key = CacheTestKit.Unique("lock");
        var held = await locks.TryAcquireAsync(key, TimeSpan.FromMinutes(1), TimeSpan.Zero);
        Assert.NotNull(held);
        Assert.Null(await locks.TryAcquireAsync(key, TimeSpan.FromMinutes(1), TimeSpan.Zero));
        Assert.Null(await locks.TryAcquireAsync(key, TimeSpan.FromMinutes(1), TimeSpan.FromMilliseconds(50)));
        await held!.DisposeAsync();
        var again = await locks.TryAcquireAsync(key, TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(5));
        Assert.NotNull(again);
        await again!.DisposeAsync();
    }

    [Fact]
    public async Task A_tag_removed_on_one_node_invalidates_the_other_nodes_entries_through_L2()
    {
        var clock = CacheTestKit.Clock();
        await using var l2 = await CacheTestKit.L2Async(db.Keel, clock);
        var prefix = CacheTestKit.Unique("tags") + ":";
        var options = new KeelCacheOptions { Distributed = l2, KeyPrefix = prefix, TimeProvider = clock, TagCheckInterval = TimeSpan.FromSeconds(10) };
        await using var a = new KeelCache(options);
        await using var b = new KeelCache(options);
        var factory = new CountingFactory();
        await b.GetOrSetAsync("user:42:orders", factory.LoadAsync, Hour.WithTags("user:42"));
        clock.Advance(TimeSpan.FromSeconds(1));
        await a.RemoveByTagAsync("user:42");
        // Once b's copy of the tag's invalidation time is older than the check interval, it reads it again from L2.
        clock.Advance(TimeSpan.FromSeconds(11));
        Assert.Equal(2, (await b.GetOrSetAsync("user:42:orders", factory.LoadAsync, Hour.WithTags("user:42"))).Id);
        Assert.False((await a.TryGetAsync<Profile>("other")).Found);
    }

    [Fact]
    public async Task Fail_safe_serves_the_L2_copy_past_expiry_to_a_node_that_never_held_it()
    {
        var clock = CacheTestKit.Clock();
        await using var l2 = await CacheTestKit.L2Async(db.Keel, clock);
        var prefix = CacheTestKit.Unique("fsl2") + ":";
        await using var a = new KeelCache(new KeelCacheOptions { Distributed = l2, KeyPrefix = prefix, TimeProvider = clock });
        await using var b = new KeelCache(new KeelCacheOptions { Distributed = l2, KeyPrefix = prefix, TimeProvider = clock });
        var options = CacheEntryOptions.Default.WithDuration(TimeSpan.FromMinutes(5)).WithFailSafe(TimeSpan.FromHours(1));
        await a.SetAsync("p", new Profile(1, "kept"), options);
        clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal("kept", (await b.GetOrSetAsync<Profile>("p", _ => throw new TimeoutException("db"), options)).Name);
    }

    [Fact]
    public async Task Warming_fills_L2_so_another_node_never_calls_its_factory()
    {
        await using var l2 = await CacheTestKit.L2Async(db.Keel);
        var prefix = CacheTestKit.Unique("warm") + ":";
        await using var warmer = new KeelCache(new KeelCacheOptions { Distributed = l2, KeyPrefix = prefix });
        await using var reader = new KeelCache(new KeelCacheOptions { Distributed = l2, KeyPrefix = prefix });
        var popular = Enumerable.Range(1, 100).Select(i => new Profile(i, "user" + i)).ToList();
        Assert.Equal(100, await warmer.WarmAsync(_ => Task.FromResult<IReadOnlyList<Profile>>(popular), p => "user:" + p.Id, Hour));
        Assert.Equal(0, warmer.L1Count);
        var factory = new CountingFactory();
        for (var i = 1; i <= 100; i++)
            Assert.Equal("user" + i, (await reader.GetOrSetAsync("user:" + i, factory.LoadAsync, Hour)).Name);
        Assert.Equal(0, factory.Calls);

        var loaded = await warmer.WarmAsync(["user:500", "user:501"], (keys, _) => Task.FromResult<IReadOnlyDictionary<string, Profile>>(keys.ToDictionary(k => k, k => new Profile(int.Parse(k[5..], System.Globalization.CultureInfo.InvariantCulture), k))), Hour, includeL1: true);
        Assert.Equal(2, loaded);
        Assert.Equal("user:501", (await reader.GetAsync<Profile>("user:501"))!.Name);
    }
}
