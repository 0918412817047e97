namespace Keel.Tests;

public sealed class LockTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await using var s = await db.Keel.OpenSessionAsync();
        await s.ExecuteAsync($"CREATE TABLE IF NOT EXISTS jobs (id int PRIMARY KEY, state text NOT NULL)");
        await s.ExecuteAsync($"TRUNCATE jobs; INSERT INTO jobs SELECT g, 'ready' FROM generate_series(1, 10) g");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Skip_locked_leaves_rows_locked_by_others_out()
    {
        await using var a = await db.Keel.OpenSessionAsync();
        await using var b = await db.Keel.OpenSessionAsync();
        await using var ta = await a.BeginTransactionAsync();
        await using var tb = await b.BeginTransactionAsync();
        var first = await ta.QueryAsync<int>($"SELECT id FROM jobs ORDER BY id LIMIT 3", CommandOptions.WithLock(RowLock.ForUpdate, LockWait.SkipLocked));
        var second = await tb.QueryAsync<int>($"SELECT id FROM jobs ORDER BY id LIMIT 3", CommandOptions.WithLock(RowLock.ForUpdate, LockWait.SkipLocked));
        Assert.Equal([1, 2, 3], first);
        Assert.Equal([4, 5, 6], second);
    }

    [Fact]
    public async Task Nowait_on_a_locked_row_throws_and_the_holder_keeps_it()
    {
        await using var a = await db.Keel.OpenSessionAsync();
        await using var b = await db.Keel.OpenSessionAsync();
        await using var ta = await a.BeginTransactionAsync();
        await ta.QueryAsync<int>($"SELECT id FROM jobs WHERE id = 10", CommandOptions.WithLock(RowLock.ForNoKeyUpdate));
        await using (var tb = await b.BeginTransactionAsync())
        {
            await Assert.ThrowsAsync<LockNotAvailableException>(() =>
                tb.QueryAsync<int>($"SELECT id FROM jobs WHERE id = 10", CommandOptions.WithLock(RowLock.ForUpdate, LockWait.NoWait)));
        }

        // FOR SHARE is compatible with FOR KEY SHARE but not with FOR NO KEY UPDATE held by a.
        await using var tc = await b.BeginTransactionAsync();
        Assert.Equal([10], await tc.QueryAsync<int>($"SELECT id FROM jobs WHERE id = 10", CommandOptions.WithLock(RowLock.ForKeyShare, LockWait.NoWait)));
    }

    [Fact]
    public async Task Transaction_advisory_lock_is_released_at_commit()
    {
        const long key = 424242;
        await using var a = await db.Keel.OpenSessionAsync();
        await using var b = await db.Keel.OpenSessionAsync();
        await using (var ta = await a.BeginTransactionAsync())
        {
            await ta.AdvisoryLockAsync(key);
            await using (var tb = await b.BeginTransactionAsync())
                Assert.False(await tb.TryAdvisoryLockAsync(key));
            await ta.CommitAsync();
        }

        await using var tb2 = await b.BeginTransactionAsync();
        Assert.True(await tb2.TryAdvisoryLockAsync(key));
    }

    [Fact]
    public async Task Transaction_advisory_lock_makes_concurrent_increments_serial()
    {
        await using (var s = await db.Keel.OpenSessionAsync())
            await s.ExecuteAsync($"CREATE TABLE IF NOT EXISTS tally (id int PRIMARY KEY, n int NOT NULL); INSERT INTO tally VALUES (1, 0) ON CONFLICT (id) DO UPDATE SET n = 0");
        // Read-then-write without row locks would lose updates; the advisory lock serializes the critical section.
        var workers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 25; i++)
            {
                await db.Keel.InTransactionAsync(async (tx, ct) =>
                {
                    await tx.AdvisoryLockAsync("tally", ct);
                    var n = await tx.ScalarAsync<int>($"SELECT n FROM tally WHERE id = 1", ct);
                    await tx.ExecuteAsync($"UPDATE tally SET n = {n + 1} WHERE id = 1", ct);
                });
            }
        }));
        await Task.WhenAll(workers);
        await using var check = await db.Keel.OpenSessionAsync();
        Assert.Equal(200, await check.ScalarAsync<int>($"SELECT n FROM tally WHERE id = 1"));
    }

    [Fact]
    public async Task Session_advisory_lock_is_exclusive_until_released()
    {
        await using var a = await db.Keel.OpenSessionAsync();
        await using var b = await db.Keel.OpenSessionAsync();
        var held = await a.TryAdvisoryLockAsync("nightly-report");
        Assert.NotNull(held);
        Assert.Null(await b.TryAdvisoryLockAsync("nightly-report"));
        await held!.DisposeAsync();
        await using var second = await b.TryAdvisoryLockAsync("nightly-report");
        Assert.NotNull(second);
    }

    [Fact]
    public async Task Disposing_a_session_gives_back_its_advisory_locks_before_the_connection_goes_idle()
    {
        await using var keel = db.CreateDataSource(o => o.MaxPoolSize = 2);
        var a = await keel.OpenSessionAsync();
        var held = await a.AdvisoryLockAsync("forgotten");
        Assert.NotNull(await a.TryAdvisoryLockAsync(99));
        await a.DisposeAsync();
        // Another pool, so the idle connection that held the locks is not simply reused.
        await using var b = await db.Keel.OpenSessionAsync();
        await using var again = await b.TryAdvisoryLockAsync("forgotten");
        Assert.NotNull(again);
        Assert.NotNull(await b.TryAdvisoryLockAsync(99));
        await held.DisposeAsync();
    }

    [Fact]
    public async Task Waiting_for_a_session_advisory_lock_can_be_canceled()
    {
        await using var a = await db.Keel.OpenSessionAsync();
        await using var b = await db.Keel.OpenSessionAsync();
        await using var held = await a.AdvisoryLockAsync(777);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => b.AdvisoryLockAsync(777, cts.Token));
        Assert.Equal(1, await b.ScalarAsync<int>($"SELECT 1"));
    }
}
