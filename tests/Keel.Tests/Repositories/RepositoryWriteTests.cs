using Keel.Tests.Repositories.Shop;

namespace Keel.Tests.Repositories;

public sealed class RepositoryWriteTests(ShopFixture shop) : IClassFixture<ShopFixture>
{
    private readonly ShopData _data = new(shop.Keel);

    [Fact]
    public async Task Upsert_inserts_then_updates_on_the_key_a_named_constraint_or_chosen_columns()
    {
        var groups = new Repository<Group, Guid>(shop.Keel);
        var first = await groups.UpsertAsync(new Group { Name = "first" });
        var again = await groups.UpsertAsync(new Group { Id = first.Id, Name = "again" });
        Assert.Equal(first.Id, again.Id);
        Assert.Equal("again", (await groups.FindAsync(first.Id))!.Name);
        await Assert.ThrowsAsync<InvalidOperationException>(() => new Repository<Tag, int>(shop.Keel).UpsertAsync(new Tag { Id = 1, Name = "x" }));
        var tags = new Repository<Tag, int>(shop.Keel);
        var tag = await tags.UpsertAsync(new Tag { Name = ShopData.Unique("tag") }, t => t.Name);
        Assert.Equal(tag.Id, (await tags.UpsertAsync(new Tag { Name = tag.Name }, t => t.Name)).Id);

        var email = ShopData.Unique("up") + "@shop.test";
        var user = await _data.Users.UpsertAsync(ShopData.NewUser(email), "users_email_key");
        var renamed = ShopData.NewUser(email);
        renamed.Name = "Renamed";
        using var counter = new CommandCounter();
        var updated = await _data.Users.UpsertAsync(renamed, u => u.Email);
        Assert.True(counter.Count == 1, string.Join(" | ", counter.Statements));
        Assert.Contains("ON CONFLICT (\"email\") DO UPDATE SET", counter.Statements[0], StringComparison.Ordinal);
        Assert.Equal(user.Id, updated.Id);
        Assert.Equal("Renamed", updated.Name);
        Assert.Equal(user.CreatedAt, updated.CreatedAt);
    }

    [Fact]
    public async Task Atomic_update_increments_and_sets_in_one_statement_and_returns_the_row()
    {
        var product = await _data.ProductAsync(price: 10m, inventory: 5);
        using var counter = new CommandCounter();
        var updated = await _data.Products.UpdateAsync(product.Id, s => s.Increment(p => p.Inventory, -2).Set(p => p.Name, "Sold some"));
        Assert.Equal(1, counter.Count);
        Assert.Equal(3, updated.Inventory);
        Assert.Equal("Sold some", updated.Name);
        Assert.Equal(2, updated.Version);
        Assert.Contains("\"inventory\" = \"inventory\" + $1, \"name\" = $2, \"version\" = \"version\" + 1", counter.Statements[0], StringComparison.Ordinal);
        var order = await _data.Orders.InsertAsync(new Order { UserId = product.SellerId, Total = 5m, PlacedOn = new DateOnly(2026, 5, 1) });
        var shipped = await _data.Orders.UpdateAsync(order.Id, s => s.Set(o => o.Status, OrderStatus.Shipped).Increment(o => o.Total, 2.5m));
        Assert.Equal(OrderStatus.Shipped, shipped.Status);
        Assert.Equal(7.5m, shipped.Total);
    }

    [Fact]
    public async Task Atomic_update_of_a_missing_row_throws_EntityNotFoundException_and_keys_cannot_be_set()
    {
        await Assert.ThrowsAsync<EntityNotFoundException>(() => _data.Products.UpdateAsync(-1, s => s.Set(p => p.Name, "x")));
        var product = await _data.ProductAsync();
        await Assert.ThrowsAsync<ArgumentException>(() => _data.Products.UpdateAsync(product.Id, s => s.Set(p => p.Id, 5)));
        await Assert.ThrowsAsync<ArgumentException>(() => _data.Products.UpdateAsync(product.Id, s => s.Set(p => p.Version, 5)));
        await Assert.ThrowsAsync<ArgumentException>(() => _data.Products.UpdateAsync(product.Id, _ => { }));
        Assert.Equal(1, (await _data.Products.FindAsync(product.Id))!.Version);
    }

    [Fact]
    public async Task Going_below_zero_inventory_throws_CheckViolationException_and_writes_nothing()
    {
        var product = await _data.ProductAsync(inventory: 1);
        var e = await Assert.ThrowsAsync<CheckViolationException>(() => _data.Products.UpdateAsync(product.Id, s => s.Increment(p => p.Inventory, -2)));
        Assert.Equal("products_inventory_check", e.ConstraintName);
        Assert.Equal(1, (await _data.Products.FindAsync(product.Id))!.Inventory);
    }

    [Fact]
    public async Task ExecuteUpdate_and_ExecuteDelete_change_every_matching_row_in_one_statement()
    {
        var seller = await _data.UserAsync();
        for (var i = 0; i < 3; i++)
            await _data.ProductAsync(price: 10m + i, inventory: i, sellerId: seller.Id);
        using var counter = new CommandCounter();
        var changed = await _data.Products.ExecuteUpdateAsync(p => p.SellerId == seller.Id && p.Inventory > 0, s => s.Increment(p => p.Price, 1m));
        Assert.Equal(2, changed);
        var deleted = await _data.Products.ExecuteDeleteAsync(p => p.SellerId == seller.Id && p.Price > 11.5m);
        Assert.Equal(2, deleted);
        Assert.Equal(2, counter.Count);
        Assert.Equal(1, await _data.Products.CountAsync(p => p.SellerId == seller.Id));
    }

    [Fact]
    public async Task Soft_delete_hides_the_row_until_restored_and_IncludeDeleted_shows_it()
    {
        var user = await _data.UserAsync();
        Assert.True(await _data.Users.DeleteAsync(user.Id));
        Assert.False(await _data.Users.DeleteAsync(user.Id));
        Assert.Null(await _data.Users.FindAsync(user.Id));
        Assert.False(await _data.Users.ExistsAsync(user.Id));
        Assert.Empty(await _data.Users.FindManyAsync([user.Id]));
        Assert.Equal(0, await _data.Users.CountAsync(u => u.Id == user.Id));
        var deleted = await _data.Users.Query().IncludeDeleted().Where(u => u.Id == user.Id).FirstOrDefaultAsync();
        Assert.NotNull(deleted!.DeletedAt);
        await Assert.ThrowsAsync<EntityNotFoundException>(() => _data.Users.UpdateAsync(deleted));

        Assert.True(await _data.Users.RestoreAsync(user.Id));
        Assert.False(await _data.Users.RestoreAsync(user.Id));
        Assert.Null((await _data.Users.FindAsync(user.Id))!.DeletedAt);
        Assert.True(await _data.Users.HardDeleteAsync(user.Id));
        Assert.Null(await _data.Users.Query().IncludeDeleted().Where(u => u.Id == user.Id).FirstOrDefaultAsync());
        await Assert.ThrowsAsync<InvalidOperationException>(() => _data.Orders.RestoreAsync(1));

        var marked = await _data.UserAsync();
        Assert.Equal(1, await _data.Users.ExecuteDeleteAsync(u => u.Id == marked.Id));
        Assert.Equal(0, await _data.Users.ExecuteDeleteAsync(u => u.Id == marked.Id));
        Assert.Equal(1, await _data.Users.Query().IncludeDeleted().Where(u => u.Id == marked.Id).CountAsync());
    }

    [Fact]
    public async Task Deleting_a_stale_entity_throws_ConcurrencyException_and_deletes_nothing()
    {
        var product = await _data.ProductAsync();
        await _data.Products.UpdateAsync(product.Id, s => s.Set(p => p.Name, "changed"));
        var stale = await Assert.ThrowsAsync<ConcurrencyException>(() => _data.Products.DeleteAsync(product));
        Assert.Equal(2, stale.ActualVersion);
        Assert.NotNull(await _data.Products.FindAsync(product.Id));
        Assert.True(await _data.Products.DeleteAsync((await _data.Products.FindAsync(product.Id))!));
    }

    [Fact]
    public async Task Bulk_insert_copies_rows_in_one_command_with_keys_versions_and_timestamps_from_the_load()
    {
        var seller = await _data.UserAsync();
        var category = await _data.Categories.InsertAsync(new Category(0, ShopData.Unique("bulk")));
        var products = Enumerable.Range(0, 2500).Select(i => new Product { Sku = ShopData.Unique("b"), Name = $"bulk {i}", Price = 1m + i, Inventory = i, SellerId = seller.Id, CategoryId = category.Id }).ToList();
        var reports = new List<long>();
        using var counter = new CommandCounter();
        var written = await _data.Products.BulkInsertAsync(products, new SynchronousProgress(reports));
        Assert.Equal(2500, written);
        Assert.Equal(1, counter.Count);
        Assert.StartsWith("COPY \"public\".\"products\"", counter.Statements[0], StringComparison.Ordinal);
        Assert.Equal([1000, 2000, 2500], reports);
        var loaded = await _data.Products.Query().Where(p => p.SellerId == seller.Id).OrderBy(p => p.Inventory).Take(2).ToListAsync();
        Assert.Equal(["bulk 0", "bulk 1"], loaded.Select(p => p.Name));
        Assert.True(loaded[0].Id > 0);
        Assert.Equal(1, loaded[0].Version);

        var groups = new Repository<Group, Guid>(shop.Keel);
        Assert.Equal(2, await groups.BulkInsertAsync([new Group { Name = "g1" }, new Group { Name = "g2" }]));
        var users = new[] { ShopData.NewUser(), ShopData.NewUser() };
        users[0].Preferences = new UserPreferences("light", true, []);
        users[0].Role = UserRole.Admin;
        Assert.Equal(2, await _data.Users.BulkInsertAsync(users));
        var admin = await _data.Users.Query().Where(u => u.Email == users[0].Email).FirstOrDefaultAsync();
        Assert.Equal(UserRole.Admin, admin!.Role);
        Assert.Equal("light", admin.Preferences!.Theme);
        Assert.NotEqual(default, admin.CreatedAt);
    }

    [Fact]
    public async Task Bulk_insert_with_a_duplicate_throws_UniqueViolationException_and_writes_nothing()
    {
        var email = ShopData.Unique("dup") + "@shop.test";
        var batch = new[] { ShopData.NewUser(), ShopData.NewUser(email), ShopData.NewUser(email) };
        var e = await Assert.ThrowsAsync<UniqueViolationException>(() => _data.Users.BulkInsertAsync(batch));
        Assert.Equal("users_email_key", e.ConstraintName);
        Assert.Equal(0, await _data.Users.CountAsync(u => u.Email == batch[0].Email || u.Email == email));
    }

    [Fact]
    public async Task Repositories_bound_to_one_transaction_commit_or_roll_back_together()
    {
        await using var session = await shop.Keel.OpenSessionAsync();
        await using (var tx = await session.BeginTransactionAsync())
        {
            var user = await _data.Users.In(tx).InsertAsync(ShopData.NewUser());
            await _data.Orders.In(tx).InsertAsync(new Order { UserId = user.Id, Total = 1m, PlacedOn = new DateOnly(2026, 1, 2) });
            Assert.Equal(1, await _data.Orders.In(tx).CountAsync(o => o.UserId == user.Id));
            await tx.RollbackAsync();
            Assert.Null(await _data.Users.FindAsync(user.Id));
        }
    }

    private sealed class SynchronousProgress(List<long> reports) : IProgress<long>
    {
        public void Report(long value) => reports.Add(value);
    }
}
