using Microsoft.Extensions.Logging;

namespace Keel.Tests.Caching;

/// <summary>The cache on its own (L1 only): expiry, single-flight, fail-safe, timeouts, eager refresh, tags, validation.</summary>
public sealed class KeelCacheTests
{
    private static readonly CacheEntryOptions TenMinutes = CacheEntryOptions.Default.WithDuration(TimeSpan.FromMinutes(10));

    [Fact]
    public async Task GetOrSet_calls_the_factory_once_then_serves_the_cached_value()
    {
        await using var cache = new KeelCache();
        var factory = new CountingFactory();
        var first = await cache.GetOrSetAsync("user:1", factory.LoadAsync);
        var second = await cache.GetOrSetAsync("user:1", factory.LoadAsync);
        Assert.Same(first, second);
        Assert.Equal(1, factory.Calls);
        Assert.Equal(first, await cache.GetAsync<Profile>("user:1"));
    }

    [Fact]
    public async Task Thousand_concurrent_misses_on_one_key_call_the_factory_once()
    {
        await using var cache = new KeelCache();
        var calls = 0;
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task<Profile> SlowFactory(CancellationToken ct)
        {
            Interlocked.Increment(ref calls);
            await gate.Task;
            return new Profile(1, "once");
        }

        var readers = Enumerable.Range(0, 1000).Select(_ => Task.Run(async () => await cache.GetOrSetAsync("hot", SlowFactory))).ToArray();
        await CacheTestKit.EventuallyAsync(() => Task.FromResult(Volatile.Read(ref calls) > 0), "the factory starts");
        gate.SetResult();
        var values = await Task.WhenAll(readers);
        Assert.Equal(1, calls);
        Assert.All(values, v => Assert.Equal("once", v.Name));
    }

    [Fact]
    public async Task An_expired_entry_calls_the_factory_again()
    {
        var clock = CacheTestKit.Clock();
        await using var cache = new KeelCache(new KeelCacheOptions { TimeProvider = clock });
        var factory = new CountingFactory();
        await cache.GetOrSetAsync("k", factory.LoadAsync, TenMinutes);
        clock.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(1, (await cache.GetOrSetAsync("k", factory.LoadAsync, TenMinutes)).Id);
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(2, (await cache.GetOrSetAsync("k", factory.LoadAsync, TenMinutes)).Id);
        Assert.Equal(2, factory.Calls);
    }

    [Fact]
    public async Task Fail_safe_serves_the_stale_value_when_the_factory_throws_then_throttles_retries()
    {
        var clock = CacheTestKit.Clock();
        var logs = new ListLoggerProvider();
        using var meter = new MeterRecorder();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(logs));
        await using var cache = new KeelCache(new KeelCacheOptions { TimeProvider = clock, LoggerFactory = loggers, Name = CacheTestKit.Unique("fs") });
        var options = TenMinutes.WithFailSafe(TimeSpan.FromHours(1), throttle: TimeSpan.FromSeconds(30));
        var failures = 0;
        Task<Profile> Failing(CancellationToken ct)
        {
            failures++;
            throw new InvalidOperationException("database down");
        }

        await cache.GetOrSetAsync("p", _ => Task.FromResult(new Profile(7, "last good")), options);
        clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal("last good", (await cache.GetOrSetAsync("p", Failing, options)).Name);
        Assert.Equal(1, failures);
        Assert.False((await cache.TryGetAsync<Profile>("p")).Found);
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal("last good", (await cache.GetOrSetAsync("p", Failing, options)).Name);
        Assert.Equal(1, failures);
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal("last good", (await cache.GetOrSetAsync("p", Failing, options)).Name);
        Assert.Equal(2, failures);
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("fail-safe serves", StringComparison.Ordinal));
        Assert.True(meter.Count("keel.cache.stale_served") >= 3);
    }

    [Fact]
    public async Task Fail_safe_gives_up_after_its_max_duration()
    {
        var clock = CacheTestKit.Clock();
        await using var cache = new KeelCache(new KeelCacheOptions { TimeProvider = clock });
        var options = TenMinutes.WithFailSafe(TimeSpan.FromMinutes(30));
        await cache.GetOrSetAsync("p", _ => Task.FromResult(new Profile(1, "old")), options);
        clock.Advance(TimeSpan.FromMinutes(41));
        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await cache.GetOrSetAsync<Profile>("p", _ => throw new InvalidOperationException("down"), options));
    }

    [Fact]
    public async Task Without_fail_safe_a_factory_error_propagates_and_nothing_is_cached()
    {
        await using var cache = new KeelCache();
        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await cache.GetOrSetAsync<Profile>("boom", _ => throw new InvalidOperationException("down")));
        Assert.False((await cache.TryGetAsync<Profile>("boom")).Found);
    }

    [Fact]
    public async Task Soft_timeout_serves_stale_and_the_background_factory_updates_the_cache()
    {
        var clock = CacheTestKit.Clock();
        await using var cache = new KeelCache(new KeelCacheOptions { TimeProvider = clock });
        var options = TenMinutes.WithFailSafe() with { FactorySoftTimeout = TimeSpan.FromSeconds(1) };
        await cache.GetOrSetAsync("slow", _ => Task.FromResult(new Profile(1, "old")), options);
        clock.Advance(TimeSpan.FromMinutes(11));

        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource<Profile>(TaskCreationOptions.RunContinuationsAsynchronously);
        var read = cache.GetOrSetAsync("slow", _ =>
        {
            started.SetResult();
            return release.Task;
        }, options).AsTask();
        await started.Task;
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal("old", (await read).Name);

        release.SetResult(new Profile(2, "new"));
        await CacheTestKit.EventuallyAsync(async () => (await cache.TryGetAsync<Profile>("slow")).Value?.Name == "new", "the background factory stores its value");
    }

    [Fact]
    public async Task Hard_timeout_without_a_stale_value_throws_CacheFactoryTimeoutException_and_cancels_the_factory()
    {
        var clock = CacheTestKit.Clock();
        await using var cache = new KeelCache(new KeelCacheOptions { TimeProvider = clock });
        var options = TenMinutes with { FactoryHardTimeout = TimeSpan.FromSeconds(5) };
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var read = cache.GetOrSetAsync<Profile>("hang", async ct =>
        {
            ct.Register(() => cancelled.TrySetResult());
            started.SetResult();
            await Task.Delay(Timeout.Infinite, CancellationToken.None).WaitAsync(ct);
            return new Profile(0, "never");
        }, options).AsTask();
        await started.Task;
        clock.Advance(TimeSpan.FromSeconds(6));
        var error = await Assert.ThrowsAsync<CacheFactoryTimeoutException>(() => read);
        Assert.Equal("hang", error.Key);
        await cancelled.Task;
        Assert.False((await cache.TryGetAsync<Profile>("hang")).Found);
    }

    [Fact]
    public async Task Hard_timeout_with_fail_safe_serves_the_stale_value()
    {
        var clock = CacheTestKit.Clock();
        await using var cache = new KeelCache(new KeelCacheOptions { TimeProvider = clock });
        var options = TenMinutes.WithFailSafe() with { FactoryHardTimeout = TimeSpan.FromSeconds(5) };
        await cache.GetOrSetAsync("hang", _ => Task.FromResult(new Profile(1, "old")), options);
        clock.Advance(TimeSpan.FromMinutes(11));
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var read = cache.GetOrSetAsync<Profile>("hang", async ct =>
        {
            started.SetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return new Profile(0, "never");
        }, options).AsTask();
        await started.Task;
        clock.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal("old", (await read).Name);
    }

    [Fact]
    public async Task Eager_refresh_returns_the_cached_value_and_refreshes_in_the_background_once()
    {
        var clock = CacheTestKit.Clock();
        await using var cache = new KeelCache(new KeelCacheOptions { TimeProvider = clock });
        var options = TenMinutes with { EagerRefreshThreshold = 0.8 };
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        async Task<Profile> Factory(CancellationToken ct)
        {
            var call = Interlocked.Increment(ref calls);
            if (call > 1)
                await release.Task;
            return new Profile(call, "v" + call);
        }

        await cache.GetOrSetAsync("eager", Factory, options);
        clock.Advance(TimeSpan.FromMinutes(9));
        for (var i = 0; i < 20; i++)
            Assert.Equal(1, (await cache.GetOrSetAsync("eager", Factory, options)).Id);
        release.SetResult();
        await CacheTestKit.EventuallyAsync(async () => (await cache.TryGetAsync<Profile>("eager")).Value?.Id == 2, "the refreshed value is stored");
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task RemoveByTag_invalidates_every_entry_with_the_tag_and_no_other()
    {
        var clock = CacheTestKit.Clock();
        await using var cache = new KeelCache(new KeelCacheOptions { TimeProvider = clock });
        await cache.SetAsync("user:42", new Profile(42, "a"), TenMinutes.WithTags("user:42"));
        await cache.SetAsync("user:42:posts", new Profile(42, "posts"), TenMinutes.WithTags("user:42", "posts"));
        await cache.SetAsync("user:43", new Profile(43, "b"), TenMinutes.WithTags("user:43"));
        clock.Advance(TimeSpan.FromTicks(1));
        await cache.RemoveByTagAsync("user:42");
        Assert.False((await cache.TryGetAsync<Profile>("user:42")).Found);
        Assert.False((await cache.TryGetAsync<Profile>("user:42:posts")).Found);
        Assert.True((await cache.TryGetAsync<Profile>("user:43")).Found);

        clock.Advance(TimeSpan.FromTicks(1));
        var factory = new CountingFactory();
        await cache.GetOrSetAsync("user:42", factory.LoadAsync, TenMinutes.WithTags("user:42"));
        Assert.True((await cache.TryGetAsync<Profile>("user:42")).Found);
        Assert.Equal(1, factory.Calls);
    }

    [Fact]
    public async Task Remove_drops_the_key()
    {
        await using var cache = new KeelCache();
        await cache.SetAsync("gone", new Profile(1, "x"));
        await cache.RemoveAsync("gone");
        Assert.False((await cache.TryGetAsync<Profile>("gone")).Found);
        Assert.Null(await cache.GetAsync<Profile>("gone"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("bad\nkey")]
    [InlineData("tab\tkey")]
    public async Task Invalid_keys_throw_ArgumentException_and_nothing_is_cached(string key)
    {
        await using var cache = new KeelCache();
        var factory = new CountingFactory();
        await Assert.ThrowsAsync<ArgumentException>(async () => await cache.GetOrSetAsync(key, factory.LoadAsync));
        await Assert.ThrowsAsync<ArgumentException>(() => cache.SetAsync(key, new Profile(1, "x")));
        await Assert.ThrowsAsync<ArgumentException>(() => cache.RemoveByTagAsync(key));
        Assert.Equal(0, factory.Calls);
        Assert.Equal(0, cache.L1Count);
    }

    [Fact]
    public async Task A_null_or_too_long_key_is_refused()
    {
        await using var cache = new KeelCache();
        await Assert.ThrowsAsync<ArgumentNullException>(() => cache.SetAsync(null!, new Profile(1, "x")));
        var error = await Assert.ThrowsAsync<ArgumentException>(() => cache.SetAsync(new string('k', 1025), new Profile(1, "x")));
        Assert.Contains("1024", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, cache.L1Count);
    }

    [Fact]
    public async Task An_oversized_value_throws_CachePayloadTooLargeException_and_is_not_cached()
    {
        await using var cache = new KeelCache(new KeelCacheOptions { MaxPayloadBytes = 100 });
        var big = new Profile(1, new string('x', 200));
        var error = await Assert.ThrowsAsync<CachePayloadTooLargeException>(() => cache.SetAsync("big", big));
        Assert.Equal(100, error.Limit);
        Assert.False((await cache.TryGetAsync<Profile>("big")).Found);

        var factory = new CountingFactory(_ => big);
        Assert.Same(big, await cache.GetOrSetAsync("big", factory.LoadAsync));
        Assert.False((await cache.TryGetAsync<Profile>("big")).Found);
    }

    [Fact]
    public async Task Out_of_range_options_are_refused_with_the_option_named()
    {
        await using var cache = new KeelCache();
        var factory = new CountingFactory();
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await cache.GetOrSetAsync("k", factory.LoadAsync, CacheEntryOptions.Default with { Duration = TimeSpan.Zero }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await cache.GetOrSetAsync("k", factory.LoadAsync, CacheEntryOptions.Default with { EagerRefreshThreshold = 1.5 }));
        await Assert.ThrowsAsync<ArgumentException>(async () => await cache.GetOrSetAsync("k", factory.LoadAsync, CacheEntryOptions.Default with { FactorySoftTimeout = TimeSpan.FromSeconds(5), FactoryHardTimeout = TimeSpan.FromSeconds(1) }));
        await Assert.ThrowsAsync<ArgumentException>(async () => await cache.GetOrSetAsync("k", factory.LoadAsync, CacheEntryOptions.Default.WithTags("bad\u0001tag")));
        Assert.Throws<ArgumentException>(() => new KeelCache(new KeelCacheOptions { KeyPrefix = "a\u0000" }));
        await using var keel = KeelDataSource.Create("Host=localhost");
        Assert.Throws<ArgumentException>(() => new KeelCache(new KeelCacheOptions { DistributedLock = new PostgresCacheLock(keel) }));
        Assert.Equal(0, factory.Calls);
    }

    [Fact]
    public async Task A_source_generated_type_info_serializes_values()
    {
        await using var cache = new KeelCache();
        await cache.SetAsync("gen", new Profile(5, "generated"), CacheJsonContext.Default.Profile);
        var found = await cache.TryGetAsync("gen", CacheJsonContext.Default.Profile);
        Assert.True(found.Found);
        Assert.Equal("generated", found.Value!.Name);
        Assert.Equal("generated", (await cache.GetOrSetAsync("gen", _ => Task.FromResult(new Profile(0, "no")), CacheJsonContext.Default.Profile)).Name);
    }

    [Fact]
    public async Task Hits_misses_and_factory_calls_are_counted_on_the_keel_meter()
    {
        using var meter = new MeterRecorder();
        var name = CacheTestKit.Unique("metrics");
        await using var cache = new KeelCache(new KeelCacheOptions { Name = name });
        var factory = new CountingFactory();
        await cache.GetOrSetAsync("m", factory.LoadAsync);
        await cache.GetOrSetAsync("m", factory.LoadAsync);
        bool Mine((string Instrument, double Value, KeyValuePair<string, object?>[] Tags) m, string instrument)
            => m.Instrument == instrument && m.Tags.Any(t => t.Key == "cache" && (string?)t.Value == name);
        Assert.Equal(1, meter.Measurements.Count(m => Mine(m, "keel.cache.misses")));
        Assert.Equal(1, meter.Measurements.Count(m => Mine(m, "keel.cache.hits")));
        Assert.Equal(1, meter.Measurements.Count(m => Mine(m, "keel.cache.factory_calls")));
    }
}
