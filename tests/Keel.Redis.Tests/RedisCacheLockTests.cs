namespace Keel.Redis.Tests;

/// <summary>SET NX PX locks: one holder at a time, waiting with backoff, release only by the owner.</summary>
public sealed class RedisCacheLockTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private readonly RedisCacheLock _lock = new(redis.Connection);

    [Fact]
    public async Task A_second_contender_gets_null_while_the_first_holds_the_lock_and_the_lock_after_release()
    {
        var first = await _lock.TryAcquireAsync("k1", TimeSpan.FromMinutes(1), TimeSpan.Zero);
        Assert.NotNull(first);

        Assert.Null(await _lock.TryAcquireAsync("k1", TimeSpan.FromMinutes(1), TimeSpan.Zero));
        await first.DisposeAsync();
        await using var second = await _lock.TryAcquireAsync("k1", TimeSpan.FromMinutes(1), TimeSpan.Zero);

        Assert.NotNull(second);
    }

    [Fact]
    public async Task A_waiting_contender_gets_the_lock_when_the_holder_releases_it()
    {
        var holder = await _lock.TryAcquireAsync("k2", TimeSpan.FromMinutes(1), TimeSpan.Zero);
        var waiter = _lock.TryAcquireAsync("k2", TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));

        await holder!.DisposeAsync();
        await using var acquired = await waiter;

        Assert.NotNull(acquired);
    }

    [Fact]
    public async Task Many_contenders_on_one_key_never_overlap()
    {
        var inside = 0;
        var maximum = 0;
        var entered = 0;
        await using var otherNode = redis.NewConnection();
        var lockOnOtherConnection = new RedisCacheLock(otherNode, new RedisCacheLockOptions { MaxRetryDelay = TimeSpan.FromMilliseconds(20) });
        var contenders = Enumerable.Range(0, 20).Select(async i =>
        {
            var locks = i % 2 == 0 ? _lock : lockOnOtherConnection;
            await using var handle = await locks.TryAcquireAsync("k3", TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2));
            Assert.NotNull(handle);
            var now = Interlocked.Increment(ref inside);
            InterlockedMax(ref maximum, now);
            await Task.Delay(2);
            Interlocked.Increment(ref entered);
            Interlocked.Decrement(ref inside);
        });

        await Task.WhenAll(contenders);

        Assert.Equal(1, maximum);
        Assert.Equal(20, entered);
    }

    [Fact]
    public async Task An_expired_holder_cannot_release_the_lock_of_the_node_that_took_it_over()
    {
        var stale = await _lock.TryAcquireAsync("k4", TimeSpan.FromMilliseconds(50), TimeSpan.Zero);
        Assert.NotNull(stale);
        while (await redis.Connection.ExistsAsync("keel:lock:k4", default))
            await Task.Delay(10);
        var current = await _lock.TryAcquireAsync("k4", TimeSpan.FromMinutes(1), TimeSpan.Zero);
        Assert.NotNull(current);
        var owner = await redis.Connection.GetAsync("keel:lock:k4", default);

        await stale.DisposeAsync();

        Assert.Equal(owner, await redis.Connection.GetAsync("keel:lock:k4", default));
        Assert.Null(await _lock.TryAcquireAsync("k4", TimeSpan.FromMinutes(1), TimeSpan.Zero));
        await current.DisposeAsync();
        Assert.False(await redis.Connection.ExistsAsync("keel:lock:k4", default));
    }

    [Fact]
    public async Task Releasing_twice_releases_once()
    {
        var handle = await _lock.TryAcquireAsync("k5", TimeSpan.FromMinutes(1), TimeSpan.Zero);
        await handle!.DisposeAsync();
        var next = await _lock.TryAcquireAsync("k5", TimeSpan.FromMinutes(1), TimeSpan.Zero);

        await handle.DisposeAsync();

        Assert.True(await redis.Connection.ExistsAsync("keel:lock:k5", default));
        await next!.DisposeAsync();
    }

    [Fact]
    public async Task A_cancelled_wait_throws_OperationCanceledException()
    {
        await using var holder = await _lock.TryAcquireAsync("k6", TimeSpan.FromMinutes(1), TimeSpan.Zero);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => _lock.TryAcquireAsync("k6", TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), cancel.Token));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(-1, 0)]
    [InlineData(1000, -1)]
    public async Task Bad_expiry_or_wait_throws_ArgumentOutOfRangeException_and_takes_no_lock(int expiryMs, int waitMs)
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => _lock.TryAcquireAsync("k7", TimeSpan.FromMilliseconds(expiryMs), TimeSpan.FromMilliseconds(waitMs)));

        Assert.False(await redis.Connection.ExistsAsync("keel:lock:k7", default));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
