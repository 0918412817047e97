using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Keel.Tests.Caching;

/// <summary>
/// Invalidations the PostgreSQL L2 refuses. The outage keeps L2's data, as a network split does: the cache table is
/// renamed away (every L2 call fails) and back. The fake clock holds the replay's backoff still until a test moves it.
/// </summary>
public sealed class PendingInvalidationTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private static readonly CacheEntryOptions Hour = CacheEntryOptions.Default.WithDuration(TimeSpan.FromHours(1), TimeSpan.FromMinutes(1));

    [Fact]
    public async Task A_remove_L2_refused_makes_its_key_a_miss_on_that_node_and_is_replayed_once_L2_answers()
    {
        var (clock, l2, prefix) = await StartAsync("remove");
        await using var _ = l2;
        await using var a = Node(l2, prefix, clock);
        await a.SetAsync("k", new Profile(1, "old"), Hour);

        await OutageAsync(() => a.RemoveAsync("k"));

        Assert.Equal(1, a.PendingInvalidations);
        Assert.NotNull(await l2.GetAsync(prefix + "k"));
        Assert.False((await a.TryGetAsync<Profile>("k")).Found);

        clock.Advance(TimeSpan.FromSeconds(1));
        await CacheTestKit.EventuallyAsync(() => Task.FromResult(a.PendingInvalidations == 0), "the remove is replayed");
        Assert.Null(await l2.GetAsync(prefix + "k"));
        await using var other = Node(l2, prefix, clock);
        Assert.False((await other.TryGetAsync<Profile>("k")).Found);
    }

    [Fact]
    public async Task A_set_that_succeeds_after_a_refused_remove_supersedes_it_so_the_replay_leaves_the_new_value()
    {
        var (clock, l2, prefix) = await StartAsync("supersede");
        await using var _ = l2;
        await using var a = Node(l2, prefix, clock);
        await a.SetAsync("k", new Profile(1, "old"), Hour);

        await OutageAsync(() => a.RemoveAsync("k"));
        await a.SetAsync("k", new Profile(2, "new"), Hour);

        Assert.Equal(0, a.PendingInvalidations);
        clock.Advance(TimeSpan.FromSeconds(1));
        clock.Advance(TimeSpan.FromSeconds(1));
        await using var other = Node(l2, prefix, clock);
        var factory = new CountingFactory();
        Assert.Equal(new Profile(2, "new"), await other.GetOrSetAsync("k", factory.LoadAsync, Hour));
        Assert.Equal(0, factory.Calls);
    }

    [Fact]
    public async Task A_tag_removal_L2_refused_is_replayed_and_then_invalidates_the_entries_other_nodes_read_from_L2()
    {
        var (clock, l2, prefix) = await StartAsync("tag");
        await using var _ = l2;
        await using var a = Node(l2, prefix, clock);
        await a.SetAsync("post:1", new Profile(1, "old"), Hour.WithTags("author:7"));

        await OutageAsync(() => a.RemoveByTagAsync("author:7"));

        Assert.Equal(1, a.PendingInvalidations);
        Assert.False((await a.TryGetAsync<Profile>("post:1")).Found);
        clock.Advance(TimeSpan.FromSeconds(1));
        await CacheTestKit.EventuallyAsync(() => Task.FromResult(a.PendingInvalidations == 0), "the tag removal is replayed");
        await using var other = Node(l2, prefix, clock);
        Assert.False((await other.TryGetAsync<Profile>("post:1")).Found);
    }

    [Fact]
    public async Task Past_the_bound_the_oldest_pending_invalidation_is_given_up_logged_once_and_counted()
    {
        var (clock, l2, prefix) = await StartAsync("bound");
        await using var _ = l2;
        var logs = new ListLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs));
        using var meter = new MeterRecorder();
        await using var a = new KeelCache(new KeelCacheOptions
        {
            Distributed = l2, KeyPrefix = prefix, TimeProvider = clock, MaxPendingInvalidations = 2, LoggerFactory = loggerFactory,
            Name = prefix,
        });
        foreach (var key in new[] { "k1", "k2", "k3", "k4" })
            await a.SetAsync(key, new Profile(1, key), Hour);

        await OutageAsync(async () =>
        {
            foreach (var key in new[] { "k1", "k2", "k3", "k4" })
                await a.RemoveAsync(key);
        });

        Assert.Equal(2, a.PendingInvalidations);
        Assert.Single(logs.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("'" + prefix + "k1'", StringComparison.Ordinal));
        Assert.Equal(2, meter.Measurements.Where(m => m.Instrument == "keel.cache.invalidations.dropped" && m.Tags.Contains(new("cache", prefix))).Sum(m => (long)m.Value));
        clock.Advance(TimeSpan.FromSeconds(1));
        await CacheTestKit.EventuallyAsync(() => Task.FromResult(a.PendingInvalidations == 0), "the newest two are replayed");
        Assert.NotNull(await l2.GetAsync(prefix + "k1"));
        Assert.NotNull(await l2.GetAsync(prefix + "k2"));
        Assert.Null(await l2.GetAsync(prefix + "k3"));
        Assert.Null(await l2.GetAsync(prefix + "k4"));
    }

    [Fact]
    public void A_bound_below_one_is_refused()
        => Assert.Throws<ArgumentOutOfRangeException>(() => new KeelCache(new KeelCacheOptions { MaxPendingInvalidations = 0 }));

    private async Task<(FakeTimeProvider Clock, PostgresDistributedCache L2, string Prefix)> StartAsync(string stem)
    {
        var clock = CacheTestKit.Clock();
        return (clock, await CacheTestKit.L2Async(db.Keel, clock), CacheTestKit.Unique(stem) + ":");
    }

    private static KeelCache Node(PostgresDistributedCache l2, string prefix, TimeProvider clock)
        => new(new KeelCacheOptions { Distributed = l2, KeyPrefix = prefix, TimeProvider = clock });

    /// <summary>Runs <paramref name="work"/> while the cache table is renamed away; its rows are there again afterwards.</summary>
    private async Task OutageAsync(Func<Task> work)
    {
        await using (var session = await db.Keel.OpenSessionAsync())
            await session.ExecuteAsync($"ALTER TABLE keel_cache RENAME TO keel_cache_away");
        try
        {
            await work();
        }
        finally
        {
            await using var session = await db.Keel.OpenSessionAsync();
            await session.ExecuteAsync($"ALTER TABLE keel_cache_away RENAME TO keel_cache");
        }
    }
}
