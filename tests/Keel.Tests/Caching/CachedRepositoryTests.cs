using Keel.Tests.Repositories;
using Keel.Tests.Repositories.Shop;

namespace Keel.Tests.Caching;

/// <summary>The relational cached view over the seed 004 shop, with a PostgreSQL L2 in the shop's own database.</summary>
public sealed class CachedRepositoryTests(ShopFixture shop) : IClassFixture<ShopFixture>, IAsyncLifetime
{
    private readonly ShopData _data = new(shop.Keel);
    private PostgresDistributedCache _l2 = null!;

    public async Task InitializeAsync() => _l2 = await CacheTestKit.L2Async(shop.Keel);

    public async Task DisposeAsync() => await _l2.DisposeAsync();

    [Fact]
    public async Task Find_is_served_from_the_cache_after_the_first_load()
    {
        await using var cache = NewCache();
        var users = _data.Users.Cached(cache);
        var id = (await _data.UserAsync()).Id;
        using (var counter = new CommandCounter())
        {
            Assert.Equal("Ann", (await users.FindAsync(id))!.Name);
            Assert.Equal("Ann", (await users.FindAsync(id))!.Name);
            Assert.Equal(1, UsersReads(counter));
        }

        await RenameInDatabaseAsync(id, "changed behind the cache");
        Assert.Equal("Ann", (await users.FindAsync(id))!.Name);
        await users.InvalidateAsync(id);
        Assert.Equal("changed behind the cache", (await users.FindAsync(id))!.Name);
    }

    [Fact]
    public async Task A_missing_row_is_cached_as_missing_until_a_write_through_the_view()
    {
        await using var cache = NewCache();
        var users = _data.Users.Cached(cache);
        var user = await _data.UserAsync();
        Assert.True(await users.DeleteAsync(user.Id));
        using (var counter = new CommandCounter())
        {
            Assert.Null(await users.FindAsync(user.Id));
            Assert.Null(await users.FindAsync(user.Id));
            Assert.Equal(1, UsersReads(counter));
        }

        Assert.True(await users.RestoreAsync(user.Id));
        Assert.Equal(user.Email, (await users.FindAsync(user.Id))!.Email);
    }

    [Fact]
    public async Task A_write_in_a_transaction_invalidates_only_after_commit_and_the_transaction_reads_the_database()
    {
        await using var cache = NewCache();
        var users = _data.Users.Cached(cache);
        var id = (await _data.UserAsync()).Id;
        Assert.Equal("Ann", (await users.FindAsync(id))!.Name);

        await shop.Keel.InTransactionAsync(async (tx, ct) =>
        {
            var bound = users.In(tx);
            await bound.UpdateAsync(id, s => s.Set(u => u.Name, "Bea"), ct);
            Assert.Equal("Bea", (await bound.FindAsync(id, ct))!.Name);
            Assert.Equal("Ann", (await users.FindAsync(id, ct))!.Name);
            Assert.True((await cache.TryGetAsync<User>(users.KeyFor(id), ct)).Found);
        });

        Assert.False((await cache.TryGetAsync<User>(users.KeyFor(id))).Found);
        Assert.Equal("Bea", (await users.FindAsync(id))!.Name);
    }

    [Fact]
    public async Task A_rolled_back_write_leaves_the_cache_untouched_with_or_without_write_through()
    {
        await using var cache = NewCache();
        foreach (var writeThrough in new[] { false, true })
        {
            var users = _data.Users.Cached(cache, CachedRepositoryOptions.Default with { WriteThrough = writeThrough });
            var id = (await _data.UserAsync()).Id;
            Assert.Equal("Ann", (await users.FindAsync(id))!.Name);
            await using (var session = await shop.Keel.OpenSessionAsync())
            {
                var tx = await session.BeginTransactionAsync();
                var bound = users.In(tx);
                await bound.UpdateAsync(Renamed((await _data.Users.In(tx).FindAsync(id))!, "never committed"));
                await bound.UpdateAsync(id, s => s.Set(u => u.Role, UserRole.Admin));
                await bound.ExecuteUpdateAsync(u => u.Id == id, s => s.Set(u => u.IsActive, false));
                await tx.RollbackAsync();
            }

            var entry = await cache.TryGetAsync<User>(users.KeyFor(id));
            Assert.True(entry.Found);
            Assert.Equal(UserRole.User, entry.Value!.Role);
            Assert.True(entry.Value.IsActive);
            Assert.Equal("Ann", entry.Value.Name);
            Assert.Equal("Ann", (await _data.Users.FindAsync(id))!.Name);
        }
    }

    [Fact]
    public async Task A_reader_never_sees_a_value_that_was_rolled_back()
    {
        await using var cache = NewCache();
        var users = _data.Users.Cached(cache, CachedRepositoryOptions.Default with { WriteThrough = true });
        var id = (await _data.UserAsync()).Id;
        using var stop = new CancellationTokenSource();
        var seen = new HashSet<string> { (await users.FindAsync(id))!.Name };
        var reader = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var user = await users.FindAsync(id);
                lock (seen)
                    seen.Add(user!.Name);
            }
        });

        for (var i = 0; i < 20; i++)
        {
            await using var session = await shop.Keel.OpenSessionAsync();
            var tx = await session.BeginTransactionAsync();
            var bound = users.In(tx);
            await bound.UpdateAsync(id, s => s.Set(u => u.Name, "rolled back " + i));
            Assert.Equal("rolled back " + i, (await bound.FindAsync(id))!.Name);
            await tx.RollbackAsync();
        }

        await stop.CancelAsync();
        await reader;
        Assert.Equal(["Ann"], seen);
    }

    [Fact]
    public async Task Write_through_stores_the_row_as_stored_after_commit()
    {
        await using var cache = NewCache();
        var products = _data.Products.Cached(cache, CachedRepositoryOptions.Default with { WriteThrough = true });
        var product = await _data.ProductAsync(inventory: 5);
        await shop.Keel.InTransactionAsync(async (tx, ct) =>
        {
            await products.In(tx).UpdateAsync(product.Id, s => s.Increment(p => p.Inventory, -2), ct);
            Assert.False((await cache.TryGetAsync<Product>(products.KeyFor(product.Id), ct)).Found);
        });

        var cached = await cache.TryGetAsync<Product>(products.KeyFor(product.Id));
        Assert.True(cached.Found);
        Assert.Equal(3, cached.Value!.Inventory);
        Assert.Equal(2, cached.Value.Version);
        using var counter = new CommandCounter();
        Assert.Equal(3, (await products.FindAsync(product.Id))!.Inventory);
        Assert.DoesNotContain(counter.Statements, s => s.Contains("\"products\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FindMany_takes_hits_from_the_cache_and_reads_the_misses_in_one_command()
    {
        await using var cache = NewCache();
        var users = _data.Users.Cached(cache);
        var ids = new List<int>();
        for (var i = 0; i < 4; i++)
            ids.Add((await _data.UserAsync()).Id);
        await users.FindAsync(ids[0]);
        await users.FindAsync(ids[2]);

        using (var counter = new CommandCounter())
        {
            var found = await users.FindManyAsync([ids[3], ids[0], ids[1], -1, ids[2], ids[3]]);
            Assert.Equal([ids[3], ids[0], ids[1], ids[2], ids[3]], found.Select(u => u.Id));
            var reads = counter.Statements.Where(s => s.Contains("\"users\"", StringComparison.Ordinal)).ToList();
            Assert.Single(reads);
            Assert.Contains("ANY", reads[0], StringComparison.Ordinal);
        }

        using (var counter = new CommandCounter())
        {
            Assert.Equal(4, (await users.FindManyAsync([.. ids, -1])).Count);
            Assert.Equal(0, UsersReads(counter));
        }
    }

    [Fact]
    public async Task A_write_of_one_row_keeps_the_tables_other_rows_cached_and_drops_its_named_queries()
    {
        await using var cache = NewCache();
        var users = _data.Users.Cached(cache);
        var a = (await _data.UserAsync()).Id;
        var b = (await _data.UserAsync()).Id;
        var runs = 0;
        Task<long> Admins(Repository<User, int> r, CancellationToken ct)
        {
            runs++;
            return r.CountAsync(u => u.Role == UserRole.Admin, ct);
        }

        await users.FindAsync(b);
        var before = await users.QueryAsync("admins", [], Admins);
        Assert.Equal(before, await users.QueryAsync("admins", [], Admins));
        Assert.Equal(1, runs);

        await users.UpdateAsync(a, s => s.Set(u => u.Role, UserRole.Admin));
        Assert.Equal(before + 1, await users.QueryAsync("admins", [], Admins));
        Assert.Equal(2, runs);
        using var counter = new CommandCounter();
        await users.FindAsync(b);
        Assert.Equal(0, UsersReads(counter));
    }

    [Fact]
    public async Task Set_based_writes_drop_every_cached_row_and_named_query_of_the_table()
    {
        await using var cache = NewCache();
        var users = _data.Users.Cached(cache);
        var a = (await _data.UserAsync()).Id;
        var b = (await _data.UserAsync()).Id;
        await users.FindManyAsync([a, b]);
        Assert.Equal(1, await users.QueryAsync("by-id", [a], (r, ct) => r.CountAsync(u => u.Id == a && u.IsActive, ct)));

        Assert.Equal(1, await users.ExecuteUpdateAsync(u => u.Id == a, s => s.Set(u => u.IsActive, false)));
        Assert.False((await users.FindAsync(a))!.IsActive);
        Assert.Equal(0, await users.QueryAsync("by-id", [a], (r, ct) => r.CountAsync(u => u.Id == a && u.IsActive, ct)));
        using (var counter = new CommandCounter())
        {
            Assert.Equal(b, (await users.FindAsync(b))!.Id);
            Assert.Equal(1, UsersReads(counter));
        }

        Assert.Equal(1, await users.ExecuteDeleteAsync(u => u.Id == b));
        Assert.Null(await users.FindAsync(b));
        Assert.Equal(0, await users.ExecuteDeleteAsync(u => u.Id == b));
    }

    [Fact]
    public async Task A_failed_write_leaves_the_cache_alone()
    {
        await using var cache = NewCache();
        var products = _data.Products.Cached(cache);
        var product = await _data.ProductAsync();
        await products.FindAsync(product.Id);
        var stale = await _data.Products.FindAsync(product.Id);
        await _data.Products.UpdateAsync(product.Id, s => s.Set(p => p.Name, "moved on"));
        await Assert.ThrowsAsync<ConcurrencyException>(() => products.UpdateAsync(stale!));
        await Assert.ThrowsAsync<EntityNotFoundException>(() => products.UpdateAsync(-1, s => s.Set(p => p.Name, "nobody")));
        Assert.True((await cache.TryGetAsync<Product>(products.KeyFor(product.Id))).Found);
        Assert.Equal("Lamp", (await products.FindAsync(product.Id))!.Name);
        Assert.Equal("moved on", (await _data.Products.FindAsync(product.Id))!.Name);
    }

    [Fact]
    public async Task Write_through_on_insert_and_upsert_caches_the_stored_row_and_deletes_drop_it()
    {
        await using var cache = NewCache();
        var users = _data.Users.Cached(cache, CachedRepositoryOptions.Default with { WriteThrough = true });
        var inserted = await users.InsertAsync(ShopData.NewUser());
        Assert.Equal(inserted.Email, (await cache.GetAsync<User>(users.KeyFor(inserted.Id)))!.Email);
        var upserted = await users.UpsertAsync(Renamed(inserted, "Upserted"), u => u.Email);
        Assert.Equal("Upserted", (await cache.GetAsync<User>(users.KeyFor(upserted.Id)))!.Name);
        Assert.True(await users.HardDeleteAsync(upserted.Id));
        Assert.False((await cache.TryGetAsync<User>(users.KeyFor(upserted.Id))).Found);
        Assert.Null(await users.FindAsync(upserted.Id));
    }

    [Fact]
    public async Task Keys_and_tags_name_the_table_and_id_as_the_document_view_does()
    {
        await using var cache = NewCache();
        var users = _data.Users.Cached(cache);
        Assert.Equal("row:public.users:42", users.KeyFor(42));
        Assert.Equal("public.users:42", users.TagFor(42));
        Assert.Equal("public.users", users.TableTag);
        Assert.Throws<ArgumentNullException>(() => _data.Users.Cached(null!));
        Assert.Throws<ArgumentNullException>(() => ((Repository<User, int>)null!).Cached(cache));
        Assert.Throws<ArgumentOutOfRangeException>(() => _data.Users.Cached(cache, CachedRepositoryOptions.Default with { Load = CacheEntryOptions.Default.WithDuration(TimeSpan.Zero) }));
    }

    private static User Renamed(User user, string name) => new()
    {
        Id = user.Id,
        Email = user.Email,
        PasswordHash = user.PasswordHash,
        Name = name,
        Role = user.Role,
        IsActive = user.IsActive,
        CreatedAt = user.CreatedAt,
        UpdatedAt = user.UpdatedAt,
    };

    private static int UsersReads(CommandCounter counter) => counter.Statements.Count(s => s.Contains("\"users\"", StringComparison.Ordinal));

    private KeelCache NewCache() => new(new KeelCacheOptions { Distributed = _l2, KeyPrefix = CacheTestKit.Unique("shop") + ":" });

    private async Task RenameInDatabaseAsync(int id, string name)
    {
        await using var session = await shop.Keel.OpenSessionAsync();
        await session.ExecuteAsync($"UPDATE users SET name = {name} WHERE id = {id}");
    }
}
