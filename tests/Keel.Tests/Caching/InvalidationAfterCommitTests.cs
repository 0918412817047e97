namespace Keel.Tests.Caching;

/// <summary>Cache changes tied to a transaction happen after COMMIT, never before, and never for a rollback.</summary>
public sealed class InvalidationAfterCommitTests(MembersFixture db) : IClassFixture<MembersFixture>
{
    [Fact]
    public async Task RemoveAfterCommit_removes_the_key_once_the_transaction_commits()
    {
        await using var cache = db.NewCache();
        await cache.SetAsync("k", new Profile(1, "cached"));
        await using (var session = await db.Keel.OpenSessionAsync())
        {
            var tx = await session.BeginTransactionAsync();
            cache.RemoveAfterCommit(tx, "k");
            Assert.True((await cache.TryGetAsync<Profile>("k")).Found);
            await tx.CommitAsync();
        }

        Assert.False((await cache.TryGetAsync<Profile>("k")).Found);
    }

    [Fact]
    public async Task A_rolled_back_transaction_leaves_the_cache_untouched()
    {
        await using var cache = db.NewCache();
        await cache.SetAsync("k", new Profile(1, "cached"));
        await cache.SetAsync("tagged", new Profile(2, "tagged"), CacheEntryOptions.Default.WithTags("t"));
        await using (var session = await db.Keel.OpenSessionAsync())
        {
            var tx = await session.BeginTransactionAsync();
            cache.RemoveAfterCommit(tx, "k");
            cache.SetAfterCommit(tx, "other", new Profile(3, "uncommitted"));
            cache.RemoveByTagAfterCommit(tx, "t");
            await tx.RollbackAsync();
        }

        Assert.Equal("cached", (await cache.GetAsync<Profile>("k"))!.Name);
        Assert.Equal("tagged", (await cache.GetAsync<Profile>("tagged"))!.Name);
        Assert.False((await cache.TryGetAsync<Profile>("other")).Found);
    }

    [Fact]
    public async Task SetAfterCommit_writes_the_value_through_on_commit()
    {
        await using var cache = db.NewCache();
        await db.Keel.InTransactionAsync(async (tx, ct) =>
        {
            cache.SetAfterCommit(tx, "wt", new Profile(9, "committed"));
            await tx.ExecuteAsync($"SELECT 1", ct);
            Assert.False((await cache.TryGetAsync<Profile>("wt", ct)).Found);
        });
        Assert.Equal("committed", (await cache.GetAsync<Profile>("wt"))!.Name);
    }

    [Fact]
    public async Task SetAfterCommit_refuses_an_oversized_value_inside_the_transaction()
    {
        await using var cache = new KeelCache(new KeelCacheOptions { Distributed = db.L2, KeyPrefix = CacheTestKit.Unique("big") + ":", MaxPayloadBytes = 50 });
        await using var session = await db.Keel.OpenSessionAsync();
        var tx = await session.BeginTransactionAsync();
        Assert.Throws<CachePayloadTooLargeException>(() => cache.SetAfterCommit(tx, "big", new Profile(1, new string('x', 100))));
        Assert.Throws<ArgumentException>(() => cache.RemoveAfterCommit(tx, ""));
        await tx.CommitAsync();
        Assert.False((await cache.TryGetAsync<Profile>("big")).Found);
    }

    [Fact]
    public async Task A_reader_never_sees_a_value_that_was_rolled_back()
    {
        await using var cache = db.NewCache();
        var members = new DocumentRepository<Member>(db.Keel).Cached(cache);
        var stored = await members.InsertAsync(new Member { Name = "committed" });
        var id = stored.Document.Id;
        using var stop = new CancellationTokenSource();
        var seen = new HashSet<string>();
        var reader = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var member = await members.LoadAsync(id);
                lock (seen)
                    seen.Add(member!.Name);
            }
        });

        for (var i = 0; i < 20; i++)
        {
            await using var session = await db.Keel.OpenSessionAsync();
            var tx = await session.BeginTransactionAsync();
            var bound = members.In(tx);
            var current = await new DocumentRepository<Member>(db.Keel).In(tx).LoadStoredAsync(id);
            await bound.UpdateAsync(current! with { Document = current.Document with { Name = "rolled back " + i } });
            Assert.Equal("rolled back " + i, (await bound.LoadAsync(id))!.Name);
            await tx.RollbackAsync();
        }

        await stop.CancelAsync();
        await reader;
        Assert.Equal(["committed"], seen);
    }

    [Fact]
    public async Task A_write_through_a_bound_view_reaches_the_cache_only_after_commit()
    {
        await using var cache = db.NewCache();
        var members = new DocumentRepository<Member>(db.Keel).Cached(cache);
        var id = (await members.InsertAsync(new Member { Name = "before" })).Document.Id;
        Assert.Equal("before", (await members.LoadAsync(id))!.Name);

        await db.Keel.InTransactionAsync(async (tx, ct) =>
        {
            var stored = await new DocumentRepository<Member>(db.Keel).In(tx).LoadStoredAsync(id, ct);
            await members.In(tx).UpdateAsync(stored! with { Document = stored.Document with { Name = "after" } }, ct);
            Assert.Equal("before", (await members.LoadAsync(id, ct))!.Name);
        });

        Assert.Equal("after", (await members.LoadAsync(id))!.Name);
    }
}
