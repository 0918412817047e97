namespace Keel.Tests.Caching;

/// <summary>Write-behind under failure and load: a worker killed mid-batch, several workers against many producers.</summary>
public sealed class WriteBehindCrashTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_worker_killed_mid_batch_loses_no_write_and_applies_none_twice(bool terminateBackend)
    {
        var kit = await WriteBehindKit.CreateAsync(db.Keel);
        for (var i = 0; i < 30; i++)
            await kit.Queue.EnqueueAsync(WriteBehindKit.Target, "k" + (i % 5), new Profile(i, "v" + i));

        var inBatch = new TaskCompletionSource<(int Pid, long AppliedInBatch)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var applies = 0;
        var doomed = kit.Worker(new WriteBehindWorkerOptions { BatchSize = 10 }, async (tx, _, ct) =>
        {
            // The fifth write of the first batch hangs, after four were applied in the batch's transaction.
            if (Interlocked.Increment(ref applies) != 5)
                return;
            inBatch.SetResult((await tx.ScalarAsync<int>($"SELECT pg_backend_pid()", ct), await tx.ScalarAsync<long>($"SELECT count(*) FROM {kit.Applied}", ct)));
            await Task.Delay(Timeout.Infinite, ct);
        });
        await doomed.StartAsync(CancellationToken.None);
        var (pid, appliedInBatch) = await inBatch.Task.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(4, appliedInBatch);

        if (terminateBackend)
        {
            Assert.True(await kit.ScalarAsync<bool>($"SELECT pg_terminate_backend({pid})"));
            await doomed.DisposeAsync();
        }
        else
        {
            using var gone = new CancellationTokenSource();
            await gone.CancelAsync();
            await doomed.StopAsync(gone.Token);
        }

        Assert.Equal(0, await kit.AppliedCountAsync());
        Assert.Equal(30, await kit.QueueCountAsync());

        await WriteBehindKit.DrainAsync(kit.Worker(new WriteBehindWorkerOptions { BatchSize = 10 }));
        Assert.Equal(30, await kit.AppliedCountAsync());
        Assert.Equal(0, await kit.QueueCountAsync());
        for (var k = 0; k < 5; k++)
            Assert.Equal(6, await kit.ApplicationsAsync("k" + k));
        Assert.Equal("v29", await kit.NameAsync("k4"));
    }

    [Fact]
    public async Task Many_producers_and_three_workers_apply_every_committed_write_once_in_key_order()
    {
        var kit = await WriteBehindKit.CreateAsync(db.Keel);
        var options = new WriteBehindWorkerOptions { BatchSize = 7, PollInterval = TimeSpan.FromMilliseconds(20) };
        var workers = new[] { kit.Worker(options), kit.Worker(options), kit.Worker(options with { Coalesce = true }) };
        foreach (var worker in workers)
            await worker.StartAsync(CancellationToken.None);

        var committed = new System.Collections.Concurrent.ConcurrentBag<(long Id, string Key, string Name)>();
        var producers = Enumerable.Range(0, 6).Select(p => Task.Run(async () =>
        {
            var random = new Random(p);
            for (var t = 0; t < 20; t++)
            {
                var writes = new List<(long, string, string)>();
                var rollBack = t % 5 == 4;
                try
                {
                    await db.Keel.InTransactionAsync(async (tx, ct) =>
                    {
                        writes.Clear();
                        for (var w = random.Next(1, 4); w > 0; w--)
                        {
                            var key = "k" + random.Next(10);
                            var name = $"p{p}-t{t}-w{w}";
                            writes.Add((await kit.Queue.EnqueueAsync(tx, WriteBehindKit.Target, key, new Profile(p, name), ct), key, name));
                        }

                        if (rollBack)
                            throw new InvalidOperationException("roll back");
                    });
                }
                catch (InvalidOperationException) when (rollBack)
                {
                    continue;
                }

                foreach (var write in writes)
                    committed.Add(write);
            }
        })).ToArray();
        await Task.WhenAll(producers);

        await CacheTestKit.EventuallyAsync(async () => await kit.QueueCountAsync() == 0, "the workers empty the queue");
        foreach (var worker in workers)
            await worker.StopAsync(CancellationToken.None);

        // Coalesced writes are taken off the queue without being applied; every committed write is one or the other.
        var appliedIds = (await LoadAsync<long>($"SELECT queue_id FROM {kit.Applied}")).ToHashSet();
        var committedIds = committed.Select(c => c.Id).ToHashSet();
        Assert.Subset(committedIds, appliedIds);
        Assert.Equal(committed.Count, workers.Sum(w => w.Applied));
        foreach (var group in committed.GroupBy(c => c.Key))
        {
            var last = group.MaxBy(c => c.Id);
            Assert.Equal(last.Name, await kit.NameAsync(group.Key));
            Assert.Contains(last.Id, appliedIds);
            Assert.Equal(group.Count(c => appliedIds.Contains(c.Id)), await kit.ApplicationsAsync(group.Key));
        }

        var outOfOrder = await kit.ScalarAsync<long>(
            $"SELECT count(*) FROM (SELECT queue_id, lag(queue_id) OVER (PARTITION BY key ORDER BY seq) AS previous FROM {kit.Applied}) AS a WHERE previous > queue_id");
        Assert.Equal(0, outOfOrder);
    }

    [Fact]
    public async Task StopAsync_drains_the_queue_before_returning()
    {
        var kit = await WriteBehindKit.CreateAsync(db.Keel);
        for (var i = 0; i < 50; i++)
            await kit.Queue.EnqueueAsync(WriteBehindKit.Target, "k" + (i % 7), new Profile(i, "v" + i));
        var worker = kit.Worker(new WriteBehindWorkerOptions { BatchSize = 5, PollInterval = TimeSpan.FromHours(1) });
        await worker.StartAsync(CancellationToken.None);
        await worker.StopAsync(CancellationToken.None);

        Assert.Equal(0, await kit.QueueCountAsync());
        Assert.Equal(50, await kit.AppliedCountAsync());
        Assert.Equal(50, worker.Applied);
    }

    private async Task<IReadOnlyList<T>> LoadAsync<T>(Sql sql)
    {
        await using var session = await db.Keel.OpenSessionAsync();
        return await session.QueryAsync<T>(sql);
    }
}
