using Microsoft.Extensions.Logging;

namespace Keel.Tests.Caching;

/// <summary>Durable write-behind: queued in the caller's transaction, visible through the cache, applied by the worker.</summary>
public sealed class WriteBehindTests(MembersFixture db) : IClassFixture<MembersFixture>
{
    private static readonly CacheEntryOptions Hour = CacheEntryOptions.Default.WithDuration(TimeSpan.FromHours(1), TimeSpan.FromHours(1));

    private Task<WriteBehindKit> KitAsync(KeelCache? cache = null, TimeProvider? time = null)
        => WriteBehindKit.CreateAsync(db.Keel, o => o with { Cache = cache, CacheEntryOptions = Hour, TimeProvider = time ?? TimeProvider.System });

    [Fact]
    public async Task An_enqueue_is_durable_and_cached_only_when_its_transaction_commits()
    {
        await using var cache = db.NewCache();
        var kit = await KitAsync(cache);
        await using (var session = await db.Keel.OpenSessionAsync())
        {
            var tx = await session.BeginTransactionAsync();
            await tx.ExecuteAsync($"SELECT 1");
            await kit.Queue.EnqueueAsync(tx, WriteBehindKit.Target, "1", new Profile(1, "Ann"));
            Assert.False((await cache.TryGetAsync<Profile>("profiles:1")).Found);
            Assert.Equal(0, await kit.QueueCountAsync());
            await tx.CommitAsync();
        }

        Assert.Equal(1, await kit.QueueCountAsync());
        Assert.Equal("Ann", (await cache.GetAsync<Profile>("profiles:1"))!.Name);
        Assert.Null(await kit.NameAsync("1"));
    }

    [Fact]
    public async Task A_rolled_back_enqueue_leaves_queue_and_cache_untouched()
    {
        await using var cache = db.NewCache();
        var kit = await KitAsync(cache);
        await cache.SetAsync("profiles:1", new Profile(1, "cached"));
        await using (var session = await db.Keel.OpenSessionAsync())
        {
            var tx = await session.BeginTransactionAsync();
            await kit.Queue.EnqueueAsync(tx, WriteBehindKit.Target, "1", new Profile(1, "rolled back"));
            await kit.Queue.EnqueueDeleteAsync(tx, WriteBehindKit.Target, "1");
            await tx.RollbackAsync();
        }

        Assert.Equal(0, await kit.QueueCountAsync());
        Assert.Equal("cached", (await cache.GetAsync<Profile>("profiles:1"))!.Name);
    }

    [Fact]
    public async Task The_worker_applies_every_write_in_enqueue_order_and_empties_the_queue()
    {
        var kit = await KitAsync();
        await kit.Queue.EnqueueAsync(WriteBehindKit.Target, "a", new Profile(1, "a1"));
        await kit.Queue.EnqueueAsync(WriteBehindKit.Target, "b", new Profile(2, "b1"));
        await kit.Queue.EnqueueAsync(WriteBehindKit.Target, "a", new Profile(1, "a2"));
        await kit.Queue.EnqueueDeleteAsync(WriteBehindKit.Target, "b");
        await using (var session = await db.Keel.OpenSessionAsync())
            await kit.Queue.EnqueueAsync(session, WriteBehindKit.Target, "a", new Profile(1, "a3"));

        var worker = kit.Worker();
        Assert.Equal(5, await worker.RunOnceAsync());
        Assert.Equal(0, await worker.RunOnceAsync());

        Assert.Equal("a3", await kit.NameAsync("a"));
        Assert.Equal(3, await kit.ApplicationsAsync("a"));
        Assert.Null(await kit.NameAsync("b"));
        Assert.Equal(5, await kit.AppliedCountAsync());
        Assert.Equal(0, await kit.QueueCountAsync());
        Assert.Equal(0, await kit.Queue.CountPendingAsync());
        Assert.Equal(5, worker.Applied);
    }

    [Fact]
    public async Task Readers_see_a_queued_write_before_it_is_applied_and_the_table_after()
    {
        await using var cache = db.NewCache();
        var kit = await KitAsync(cache);
        await kit.Queue.EnqueueAsync(WriteBehindKit.Target, "1", new Profile(1, "queued"));
        await cache.RemoveAsync("profiles:1");

        var beforeApply = await kit.Queue.ReadAsync(WriteBehindKit.Target, "1", (ex, ct) => kit.LoadAppliedAsync(ex, "1", ct));
        Assert.Equal("queued", beforeApply!.Name);
        Assert.Null(await kit.NameAsync("1"));

        await WriteBehindKit.DrainAsync(kit.Worker());
        Assert.False((await cache.TryGetAsync<Profile>("profiles:1")).Found);
        var afterApply = await kit.Queue.ReadAsync(WriteBehindKit.Target, "1", (ex, ct) => kit.LoadAppliedAsync(ex, "1", ct));
        Assert.Equal("queued", afterApply!.Name);
        Assert.Equal(1, afterApply.Id);

        await kit.Queue.EnqueueDeleteAsync(WriteBehindKit.Target, "1");
        Assert.Null(await kit.Queue.ReadAsync(WriteBehindKit.Target, "1", (ex, ct) => kit.LoadAppliedAsync(ex, "1", ct)));
    }

    [Fact]
    public async Task Coalescing_applies_only_the_last_write_of_each_key_in_a_batch()
    {
        var kit = await KitAsync();
        for (var i = 1; i <= 5; i++)
            await kit.Queue.EnqueueAsync(WriteBehindKit.Target, "k", new Profile(i, "v" + i));
        await kit.Queue.EnqueueAsync(WriteBehindKit.Target, "other", new Profile(9, "o"));
        using var meter = new MeterRecorder();

        var worker = kit.Worker(new WriteBehindWorkerOptions { Coalesce = true });
        Assert.Equal(6, await worker.RunOnceAsync());

        Assert.Equal("v5", await kit.NameAsync("k"));
        Assert.Equal(1, await kit.ApplicationsAsync("k"));
        Assert.Equal(2, await kit.AppliedCountAsync());
        Assert.Equal(0, await kit.QueueCountAsync());
        Assert.Equal(6, meter.Measurements.Where(m => m.Instrument == "keel.write_behind.applied" && m.Tags.Contains(new("queue", kit.Queue.Options.Name))).Sum(m => (long)m.Value));
    }

    [Fact]
    public async Task A_failing_write_is_retried_after_its_backoff_then_dead_lettered_and_later_writes_to_its_key_wait()
    {
        var clock = CacheTestKit.Clock();
        var kit = await KitAsync(time: clock);
        var fail = true;
        var logs = new ListLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(logs));
        using var meter = new MeterRecorder();
        var worker = kit.Worker(
            new WriteBehindWorkerOptions { MaxAttempts = 3, RetryBaseDelay = TimeSpan.FromSeconds(10), RetryMaxDelay = TimeSpan.FromMinutes(1), LoggerFactory = loggers },
            (_, write, _) => fail && write.Value?.Name == "poison" ? throw new InvalidOperationException("target rejected " + write.Key) : Task.CompletedTask);
        await kit.Queue.EnqueueAsync(WriteBehindKit.Target, "bad", new Profile(1, "poison"));
        await kit.Queue.EnqueueAsync(WriteBehindKit.Target, "bad", new Profile(1, "after"));
        await kit.Queue.EnqueueAsync(WriteBehindKit.Target, "good", new Profile(2, "fine"));

        Assert.Equal(0, await worker.RunOnceAsync());
        Assert.Equal(1, await worker.RunOnceAsync());
        Assert.Equal("fine", await kit.NameAsync("good"));
        Assert.Equal(0, await worker.RunOnceAsync());

        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(0, await worker.RunOnceAsync());
        clock.Advance(TimeSpan.FromSeconds(19));
        Assert.Equal(0, await worker.RunOnceAsync());
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, await worker.RunOnceAsync());

        var dead = Assert.Single(await kit.Queue.DeadLettersAsync());
        Assert.Equal(("bad", 3, WriteBehindOperation.Upsert), (dead.Key, dead.Attempts, dead.Operation));
        Assert.Contains("target rejected bad", dead.LastError, StringComparison.Ordinal);
        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await worker.RunOnceAsync());
        Assert.Null(await kit.NameAsync("bad"));
        Assert.Equal(1, await kit.Queue.CountPendingAsync());
        Assert.Equal(2, meter.Measurements.Count(m => m.Instrument == "keel.write_behind.retried" && m.Tags.Contains(new("queue", kit.Queue.Options.Name))));
        Assert.Single(meter.Measurements, m => m.Instrument == "keel.write_behind.dead_lettered" && m.Tags.Contains(new("queue", kit.Queue.Options.Name)));
        Assert.Equal(2, logs.Entries.Count(e => e.Message.Contains("is tried again at", StringComparison.Ordinal)));
        Assert.Single(logs.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("dead-lettered", StringComparison.Ordinal));

        fail = false;
        Assert.True(await kit.Queue.RedriveAsync(dead.Id));
        Assert.False(await kit.Queue.RedriveAsync(dead.Id));
        await WriteBehindKit.DrainAsync(worker);
        Assert.Equal("after", await kit.NameAsync("bad"));
        Assert.Equal(2, await kit.ApplicationsAsync("bad"));
        Assert.Empty(await kit.Queue.DeadLettersAsync());
    }

    [Fact]
    public async Task Discarding_a_dead_letter_lets_the_key_move_on_without_it()
    {
        var kit = await KitAsync();
        var worker = kit.Worker(
            new WriteBehindWorkerOptions { MaxAttempts = 1 },
            (_, write, _) => write.Value?.Name == "poison" ? throw new InvalidOperationException("no") : Task.CompletedTask);
        await kit.Queue.EnqueueAsync(WriteBehindKit.Target, "k", new Profile(1, "poison"));
        await kit.Queue.EnqueueAsync(WriteBehindKit.Target, "k", new Profile(1, "next"));
        Assert.Equal(0, await worker.RunOnceAsync());
        var dead = Assert.Single(await kit.Queue.DeadLettersAsync());

        Assert.True(await kit.Queue.DiscardAsync(dead.Id));
        Assert.False(await kit.Queue.DiscardAsync(dead.Id));
        await WriteBehindKit.DrainAsync(worker);
        Assert.Equal("next", await kit.NameAsync("k"));
        Assert.Equal(1, await kit.ApplicationsAsync("k"));
    }

    [Fact]
    public async Task A_worker_claims_only_the_targets_it_maps()
    {
        var kit = await KitAsync();
        await kit.Queue.EnqueueAsync("elsewhere", "1", new Profile(1, "x"));
        await kit.Queue.EnqueueAsync(WriteBehindKit.Target, "1", new Profile(1, "mine"));
        Assert.Equal(1, await kit.Worker().RunOnceAsync());
        Assert.Equal(1, await kit.QueueCountAsync());
        Assert.Equal(1, await kit.Queue.CountPendingAsync());
    }

    [Fact]
    public async Task Bad_targets_keys_and_options_throw_and_queue_nothing()
    {
        await using var cache = new KeelCache(new KeelCacheOptions { Distributed = db.L2, KeyPrefix = CacheTestKit.Unique("wb") + ":", MaxPayloadBytes = 50 });
        var kit = await KitAsync(cache);
        await Assert.ThrowsAsync<ArgumentException>(() => kit.Queue.EnqueueAsync(" ", "1", new Profile(1, "x")));
        await Assert.ThrowsAsync<ArgumentException>(() => kit.Queue.EnqueueAsync(WriteBehindKit.Target, "", new Profile(1, "x")));
        await Assert.ThrowsAsync<ArgumentException>(() => kit.Queue.EnqueueDeleteAsync(WriteBehindKit.Target, "a\nb"));
        await Assert.ThrowsAsync<ArgumentNullException>(() => kit.Queue.EnqueueAsync(WriteBehindKit.Target, null!, new Profile(1, "x")));
        await Assert.ThrowsAsync<CachePayloadTooLargeException>(() => kit.Queue.EnqueueAsync(WriteBehindKit.Target, "big", new Profile(1, new string('x', 100))));
        Assert.Equal(0, await kit.QueueCountAsync());

        Assert.Throws<ArgumentException>(() => new WriteBehindQueue(db.Keel, new WriteBehindOptions { Table = "" }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WriteBehindWorker(kit.Queue, new WriteBehindWorkerOptions { BatchSize = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WriteBehindWorker(kit.Queue, new WriteBehindWorkerOptions { RetryMaxDelay = TimeSpan.Zero }));
        var worker = new WriteBehindWorker(kit.Queue);
        await Assert.ThrowsAsync<InvalidOperationException>(() => worker.StartAsync(CancellationToken.None));
        await Assert.ThrowsAsync<InvalidOperationException>(() => worker.RunOnceAsync());
        worker.Map<Profile>(WriteBehindKit.Target, kit.ApplyAsync);
        Assert.Throws<InvalidOperationException>(() => worker.Map<Profile>(WriteBehindKit.Target, kit.ApplyAsync));
        Assert.Throws<ArgumentException>(() => worker.Map<Profile>("", kit.ApplyAsync));
    }
}
