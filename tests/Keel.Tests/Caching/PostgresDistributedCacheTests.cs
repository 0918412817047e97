using Microsoft.Extensions.Caching.Distributed;

namespace Keel.Tests.Caching;

public sealed class PostgresDistributedCacheTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private static DistributedCacheEntryOptions For(TimeSpan span) => new() { AbsoluteExpirationRelativeToNow = span };

    [Fact]
    public async Task The_table_is_unlogged_and_the_ddl_is_idempotent()
    {
        await using var l2 = await CacheTestKit.L2Async(db.Keel);
        await l2.EnsureSchemaAsync();
        Assert.Contains("CREATE UNLOGGED TABLE IF NOT EXISTS \"public\".\"keel_cache\" (key text PRIMARY KEY, value bytea NOT NULL", l2.SchemaSql, StringComparison.Ordinal);
        await using var session = await db.Keel.OpenSessionAsync();
        Assert.Equal("u", await session.ScalarAsync<string>($"SELECT relpersistence::text FROM pg_class WHERE oid = 'public.keel_cache'::regclass"));
    }

    [Fact]
    public async Task Set_get_and_remove_round_trip_bytes()
    {
        await using var l2 = await CacheTestKit.L2Async(db.Keel);
        var key = CacheTestKit.Unique("rt");
        await l2.SetAsync(key, [1, 2, 3], For(TimeSpan.FromMinutes(1)));
        Assert.Equal([1, 2, 3], await l2.GetAsync(key));
        await l2.SetAsync(key, [4], For(TimeSpan.FromMinutes(1)));
        Assert.Equal([4], await l2.GetAsync(key));
        await l2.RemoveAsync(key);
        Assert.Null(await l2.GetAsync(key));
    }

    [Fact]
    public async Task An_entry_past_its_absolute_expiry_reads_as_absent()
    {
        var clock = CacheTestKit.Clock();
        await using var l2 = await CacheTestKit.L2Async(db.Keel, clock);
        var key = CacheTestKit.Unique("abs");
        await l2.SetAsync(key, [9], For(TimeSpan.FromMinutes(5)));
        clock.Advance(TimeSpan.FromMinutes(4));
        Assert.NotNull(await l2.GetAsync(key));
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Null(await l2.GetAsync(key));
    }

    [Fact]
    public async Task A_read_slides_the_expiry_but_never_past_the_absolute_one()
    {
        var clock = CacheTestKit.Clock();
        await using var l2 = await CacheTestKit.L2Async(db.Keel, clock);
        var key = CacheTestKit.Unique("slide");
        await l2.SetAsync(key, [1], new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(2), AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(5) });
        for (var i = 0; i < 4; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            Assert.NotNull(await l2.GetAsync(key));
        }

        clock.Advance(TimeSpan.FromSeconds(90));
        Assert.Null(await l2.GetAsync(key));
    }

    [Fact]
    public async Task Refresh_extends_a_sliding_entry()
    {
        var clock = CacheTestKit.Clock();
        await using var l2 = await CacheTestKit.L2Async(db.Keel, clock);
        var key = CacheTestKit.Unique("refresh");
        await l2.SetAsync(key, [1], new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(2) });
        clock.Advance(TimeSpan.FromMinutes(1.5));
        await l2.RefreshAsync(key);
        clock.Advance(TimeSpan.FromMinutes(1.5));
        Assert.NotNull(await l2.GetAsync(key));
    }

    [Fact]
    public async Task Sync_methods_do_the_same_work()
    {
        await using var l2 = await CacheTestKit.L2Async(db.Keel);
        var key = CacheTestKit.Unique("sync");
        l2.Set(key, [5], For(TimeSpan.FromMinutes(1)));
        Assert.Equal([5], l2.Get(key));
        l2.Refresh(key);
        l2.Remove(key);
        Assert.Null(l2.Get(key));
    }

    [Fact]
    public async Task A_past_absolute_expiry_is_refused_and_nothing_is_written()
    {
        var clock = CacheTestKit.Clock();
        await using var l2 = await CacheTestKit.L2Async(db.Keel, clock);
        var key = CacheTestKit.Unique("past");
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => l2.SetAsync(key, [1], new DistributedCacheEntryOptions { AbsoluteExpiration = clock.GetUtcNow().AddMinutes(-1) }));
        await using var session = await db.Keel.OpenSessionAsync();
        Assert.Equal(0L, await session.ScalarAsync<long>($"SELECT count(*) FROM keel_cache WHERE key = {key}"));
    }

    [Fact]
    public async Task Sweep_deletes_expired_rows_in_batches_and_keeps_live_ones()
    {
        var clock = CacheTestKit.Clock();
        await using var keel = db.CreateDataSource();
        var table = CacheTestKit.Unique("sweep");
        await using var l2 = new PostgresDistributedCache(keel, new PostgresDistributedCacheOptions { Table = table, SweepInterval = null, SweepBatchSize = 3, TimeProvider = clock });
        await l2.EnsureSchemaAsync();
        for (var i = 0; i < 10; i++)
            await l2.SetAsync("short" + i, [1], For(TimeSpan.FromMinutes(1)));
        await l2.SetAsync("long", [1], For(TimeSpan.FromHours(1)));
        await l2.SetAsync("forever", [1], new DistributedCacheEntryOptions());
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(10, await l2.SweepAsync());
        await using var session = await keel.OpenSessionAsync();
        Assert.Equal(2L, await session.ScalarAsync<long>($"SELECT count(*) FROM {Sql.Identifier(table)}"));
    }

    [Fact]
    public async Task The_background_sweeper_stops_when_disposed()
    {
        await using var keel = db.CreateDataSource();
        var l2 = new PostgresDistributedCache(keel, new PostgresDistributedCacheOptions { Table = CacheTestKit.Unique("sweeper"), SweepInterval = TimeSpan.FromMilliseconds(10) });
        await l2.EnsureSchemaAsync();
        await l2.DisposeAsync();
        await l2.DisposeAsync();
    }

    [Fact]
    public void Bad_options_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new PostgresDistributedCache(db.Keel, new PostgresDistributedCacheOptions { Table = "" }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PostgresDistributedCache(db.Keel, new PostgresDistributedCacheOptions { SweepInterval = TimeSpan.Zero }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PostgresDistributedCache(db.Keel, new PostgresDistributedCacheOptions { SweepBatchSize = 0 }));
    }
}
