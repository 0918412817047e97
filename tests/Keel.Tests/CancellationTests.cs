namespace Keel.Tests;

public sealed class CancellationTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Canceling_mid_query_throws_OperationCanceledException_and_the_session_stays_usable()
    {
        await using var s = await db.Keel.OpenSessionAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(150));
        var e = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => s.ExecuteAsync($"SELECT pg_sleep(30)", cts.Token));
        Assert.Equal(cts.Token, e.CancellationToken);
        Assert.Equal(2, await s.ScalarAsync<int>($"SELECT 2"));
    }

    [Fact]
    public async Task Many_canceled_queries_do_not_leak_pool_connections()
    {
        await using var keel = db.CreateDataSource(o => o.MaxPoolSize = 3);
        for (var i = 0; i < 10; i++)
        {
            await using var s = await keel.OpenSessionAsync();
            using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => s.QueryAsync<int>($"SELECT 1 FROM pg_sleep(30)", cts.Token));
        }

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(async i =>
        {
            await using var s = await keel.OpenSessionAsync();
            return await s.ScalarAsync<int>($"SELECT {i}");
        }));
        Assert.Equal(Enumerable.Range(0, 6), results);
        var snapshot = keel.GetPoolSnapshot();
        Assert.Equal(0, snapshot.Busy);
        Assert.Equal(0, snapshot.OpenSessions);
    }

    [Fact]
    public async Task Canceling_inside_a_transaction_rolls_it_back()
    {
        await using var s = await db.Keel.OpenSessionAsync();
        await s.ExecuteAsync($"CREATE TABLE IF NOT EXISTS cancel_log (id int)");
        using var cts = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => s.InTransactionAsync(async (tx, ct) =>
        {
            await tx.ExecuteAsync($"INSERT INTO cancel_log VALUES (1)", ct);
            cts.CancelAfter(100);
            await tx.ExecuteAsync($"SELECT pg_sleep(30)", ct);
        }, cancellationToken: cts.Token));
        Assert.Null(s.CurrentTransaction);
        Assert.Equal(0L, await s.ScalarAsync<long>($"SELECT count(*) FROM cancel_log"));
    }

    [Fact]
    public async Task Streaming_can_be_canceled()
    {
        await using var s = await db.Keel.OpenSessionAsync();
        using var cts = new CancellationTokenSource();
        var count = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in s.StreamAsync<int>($"SELECT g FROM generate_series(1, 10000000) g", cts.Token))
            {
                if (++count == 10)
                    await cts.CancelAsync();
            }
        });
        Assert.Equal(3, await s.ScalarAsync<int>($"SELECT 3"));
    }
}
