using System.Text;
using Microsoft.Extensions.Caching.Distributed;

namespace Keel.Redis.Tests;

/// <summary>The IDistributedCache contract: Get, Set, Refresh, Remove, absolute and sliding expiration.</summary>
public sealed class RedisDistributedCacheTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private readonly RedisDistributedCache _cache = new(redis.Connection, new RedisDistributedCacheOptions { KeyPrefix = "test:" });

    [Fact]
    public async Task Set_then_Get_returns_the_bytes_and_Remove_deletes_them()
    {
        byte[] value = [1, 13, 10, 0, 255];

        await _cache.SetAsync("user:1", value, new DistributedCacheEntryOptions());

        Assert.Equal(value, await _cache.GetAsync("user:1"));
        Assert.Equal(-1, await PttlAsync("test:user:1"));
        await _cache.RemoveAsync("user:1");
        Assert.Null(await _cache.GetAsync("user:1"));
    }

    [Fact]
    public async Task Missing_keys_read_as_null_and_Refresh_and_Remove_of_them_do_nothing()
    {
        await _cache.RefreshAsync("absent");
        await _cache.RemoveAsync("absent");

        Assert.Null(await _cache.GetAsync("absent"));
        Assert.False(await redis.Connection.ExistsAsync("test:absent", default));
    }

    [Fact]
    public void The_synchronous_methods_work_like_the_async_ones()
    {
        _cache.Set("sync", "v"u8.ToArray(), new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(1) });
        _cache.Refresh("sync");

        Assert.Equal("v", Encoding.UTF8.GetString(_cache.Get("sync")!));
        _cache.Remove("sync");
        Assert.Null(_cache.Get("sync"));
    }

    [Fact]
    public async Task Empty_values_round_trip()
    {
        await _cache.SetAsync("empty", [], new DistributedCacheEntryOptions());

        Assert.Equal(Array.Empty<byte>(), await _cache.GetAsync("empty"));
    }

    [Fact]
    public async Task Absolute_expiration_sets_the_TTL_and_the_entry_vanishes()
    {
        await _cache.SetAsync("absolute", "x"u8.ToArray(), new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(10) });
        await _cache.SetAsync("brief", "x"u8.ToArray(), new DistributedCacheEntryOptions { AbsoluteExpiration = DateTimeOffset.UtcNow.AddMilliseconds(100) });

        Assert.InRange(await PttlAsync("test:absolute"), 1, 600_000);
        while (await _cache.GetAsync("brief") is not null)
            await Task.Delay(10);
    }

    [Fact]
    public async Task Get_and_Refresh_push_a_sliding_entry_TTL_back_to_its_window()
    {
        await _cache.SetAsync("sliding", "x"u8.ToArray(), new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(10) });
        Assert.InRange(await PttlAsync("test:sliding"), 1, 600_000);

        await redis.Connection.ExpireAsync("test:sliding", TimeSpan.FromSeconds(30), default);
        await _cache.RefreshAsync("sliding");
        Assert.InRange(await PttlAsync("test:sliding"), 30_001, 600_000);

        await redis.Connection.ExpireAsync("test:sliding", TimeSpan.FromSeconds(30), default);
        Assert.NotNull(await _cache.GetAsync("sliding"));
        Assert.InRange(await PttlAsync("test:sliding"), 30_001, 600_000);
    }

    [Fact]
    public async Task A_sliding_entry_never_outlives_its_absolute_expiration()
    {
        await _cache.SetAsync("capped", "x"u8.ToArray(), new DistributedCacheEntryOptions
        {
            SlidingExpiration = TimeSpan.FromHours(1),
            AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(2),
        });
        Assert.InRange(await PttlAsync("test:capped"), 1, 120_000);

        await _cache.RefreshAsync("capped");

        Assert.InRange(await PttlAsync("test:capped"), 1, 120_000);
    }

    [Fact]
    public async Task An_entry_without_sliding_keeps_its_TTL_on_Get()
    {
        await _cache.SetAsync("fixed", "x"u8.ToArray(), new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(10) });
        await redis.Connection.ExpireAsync("test:fixed", TimeSpan.FromSeconds(30), default);

        await _cache.GetAsync("fixed");
        await _cache.RefreshAsync("fixed");

        Assert.InRange(await PttlAsync("test:fixed"), 1, 30_000);
    }

    [Fact]
    public async Task An_absolute_expiration_in_the_past_throws_ArgumentOutOfRangeException_and_writes_nothing()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _cache.SetAsync("past", "x"u8.ToArray(),
            new DistributedCacheEntryOptions { AbsoluteExpiration = DateTimeOffset.UtcNow.AddMinutes(-1) }));

        Assert.False(await redis.Connection.ExistsAsync("test:past", default));
    }

    [Fact]
    public async Task An_empty_key_throws_ArgumentException_and_writes_nothing()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _cache.SetAsync("", "x"u8.ToArray(), new DistributedCacheEntryOptions()));

        Assert.False(await redis.Connection.ExistsAsync("test:", default));
    }

    [Fact]
    public async Task A_value_not_written_by_the_cache_throws_RedisException()
    {
        await redis.Connection.SetAsync("test:foreign", "plain"u8.ToArray(), null, SetCondition.Always, default);

        var error = await Assert.ThrowsAsync<RedisException>(() => _cache.GetAsync("foreign"));

        Assert.Contains("KeyPrefix", error.Message, StringComparison.Ordinal);
    }

    private async Task<long> PttlAsync(string key) => (await redis.Connection.ExecuteAsync(["PTTL", key], default)).Integer;
}
