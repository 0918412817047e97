using Keel.Tests.Repositories.Shop;

namespace Keel.Tests.Repositories;

public sealed class RepositoryCrudTests(ShopFixture shop) : IClassFixture<ShopFixture>
{
    private readonly ShopData _data = new(shop.Keel);

    private Repository<User, int> Users => _data.Users;

    [Fact]
    public async Task Insert_returns_the_stored_row_with_generated_key_timestamps_and_version()
    {
        var user = ShopData.NewUser();
        user.Preferences = new UserPreferences("dark", true, ["en", "nl"]);
        user.Role = UserRole.Seller;
        var stored = await Users.InsertAsync(user);
        Assert.True(stored.Id > 0);
        Assert.Equal(0, user.Id);
        Assert.NotEqual(default, stored.CreatedAt);
        Assert.Equal(stored.CreatedAt, stored.UpdatedAt);
        Assert.Equal(UserRole.Seller, stored.Role);
        Assert.Equal(["en", "nl"], stored.Preferences!.Languages);

        var product = await _data.ProductAsync();
        Assert.Equal(1, product.Version);
    }

    [Fact]
    public async Task Conversions_store_enums_as_text_or_number_jsonb_objects_and_dates_as_sql_types()
    {
        var user = await Users.InsertAsync(WithPreferences(ShopData.NewUser()));
        var order = await _data.Orders.InsertAsync(new Order { UserId = user.Id, Status = OrderStatus.Shipped, Total = 12.5m, PlacedOn = new DateOnly(2026, 3, 1) });
        await using var s = await shop.Keel.OpenSessionAsync();
        Assert.Equal("Shipped", await s.ScalarAsync<string>($"SELECT status FROM orders WHERE id = {order.Id}"));
        Assert.Equal("date", await s.ScalarAsync<string>($"SELECT pg_typeof(placed_on)::text FROM orders WHERE id = {order.Id}"));
        Assert.Equal("dark", await s.ScalarAsync<string>($"SELECT preferences->>'theme' FROM users WHERE id = {user.Id}"));
        var found = await _data.Orders.FindAsync(order.Id);
        Assert.Equal(new DateOnly(2026, 3, 1), found!.PlacedOn);
        Assert.Equal(OrderStatus.Shipped, found.Status);
        Assert.Equal(12.5m, found.Total);

        var group = await new Repository<Group, Guid>(shop.Keel).InsertAsync(new Group { Name = "eng" });
        Assert.Equal(7, group.Id.Version);
        var member = await new Repository<GroupMember, (Guid, int)>(shop.Keel).InsertAsync(new GroupMember { GroupId = group.Id, UserId = user.Id, Role = MemberRole.Moderator });
        Assert.Equal(2, await s.ScalarAsync<int>($"SELECT role FROM group_members WHERE group_id = {group.Id}"));
        Assert.Equal(MemberRole.Moderator, member.Role);
        Assert.NotEqual(default, member.JoinedAt);
    }

    [Fact]
    public async Task Find_returns_the_entity_or_null_and_records_materialize_through_their_constructor()
    {
        var user = await _data.UserAsync();
        var found = await Users.FindAsync(user.Id);
        Assert.Equal(user.Email, found!.Email);
        Assert.Equal("hash", found.PasswordHash);
        Assert.Null(await Users.FindAsync(-1));

        var categories = new Repository<Category, int>(shop.Keel);
        var category = await categories.InsertAsync(new Category(0, ShopData.Unique("rec")));
        Assert.Equal(category, (await categories.FindAsync(category.Id))! with { Products = category.Products });
    }

    [Fact]
    public async Task FindMany_sends_one_query_and_returns_rows_in_the_order_asked_for()
    {
        var a = await _data.UserAsync();
        var b = await _data.UserAsync();
        using var counter = new CommandCounter();
        var found = await Users.FindManyAsync([b.Id, -5, a.Id, b.Id]);
        Assert.Equal([b.Id, a.Id, b.Id], found.Select(u => u.Id));
        Assert.Equal(1, counter.Count);
        Assert.Contains("= ANY($1)", counter.Statements[0], StringComparison.Ordinal);
        Assert.Empty(await Users.FindManyAsync([]));
    }

    [Fact]
    public async Task FindMany_with_a_composite_key_matches_pairs()
    {
        var user = await _data.UserAsync();
        var other = await _data.UserAsync();
        var group = await new Repository<Group, Guid>(shop.Keel).InsertAsync(new Group { Name = "ops" });
        var members = new Repository<GroupMember, (Guid, int)>(shop.Keel);
        await members.InsertAsync(new GroupMember { GroupId = group.Id, UserId = user.Id });
        await members.InsertAsync(new GroupMember { GroupId = group.Id, UserId = other.Id, Role = MemberRole.Admin });
        var found = await members.FindManyAsync([(group.Id, other.Id), (group.Id, -1), (group.Id, user.Id)]);
        Assert.Equal([other.Id, user.Id], found.Select(m => m.UserId));
        Assert.Equal(MemberRole.Admin, (await members.FindAsync((group.Id, other.Id)))!.Role);
    }

    [Fact]
    public async Task Update_writes_the_entity_bumps_the_version_and_touches_updated_at()
    {
        var product = await _data.ProductAsync();
        product.Name = "Desk lamp";
        var updated = await _data.Products.UpdateAsync(product);
        Assert.Equal(2, updated.Version);
        Assert.Equal("Desk lamp", (await _data.Products.FindAsync(product.Id))!.Name);

        var user = await _data.UserAsync();
        user.Name = "Bea";
        var touched = await Users.UpdateAsync(user);
        Assert.True(touched.UpdatedAt > user.UpdatedAt);
        Assert.Equal(user.CreatedAt, touched.CreatedAt);
    }

    [Fact]
    public async Task Update_with_stale_version_throws_ConcurrencyException_and_writes_nothing()
    {
        var product = await _data.ProductAsync();
        var first = await _data.Products.FindAsync(product.Id);
        var second = await _data.Products.FindAsync(product.Id);
        first!.Price = 20m;
        await _data.Products.UpdateAsync(first);
        second!.Price = 30m;
        var stale = await Assert.ThrowsAsync<ConcurrencyException>(() => _data.Products.UpdateAsync(second));
        Assert.Equal(1, stale.ExpectedVersion);
        Assert.Equal(2, stale.ActualVersion);
        Assert.Equal(20m, (await _data.Products.FindAsync(product.Id))!.Price);

        second.Id = -1;
        await Assert.ThrowsAsync<EntityNotFoundException>(() => _data.Products.UpdateAsync(second));
    }

    [Fact]
    public async Task Delete_removes_the_row_and_reports_whether_there_was_one()
    {
        var order = await _data.Orders.InsertAsync(new Order { UserId = (await _data.UserAsync()).Id, Total = 1m, PlacedOn = new DateOnly(2026, 1, 1) });
        Assert.True(await _data.Orders.DeleteAsync(order.Id));
        Assert.False(await _data.Orders.DeleteAsync(order.Id));
        Assert.Null(await _data.Orders.FindAsync(order.Id));
    }

    [Fact]
    public async Task Query_filters_orders_and_pages_with_typed_predicates()
    {
        var seller = await _data.UserAsync();
        var category = await _data.Categories.InsertAsync(new Category(0, ShopData.Unique("q")));
        foreach (var (name, price) in new[] { ("a", 5m), ("b", 15m), ("c", 25m), ("d", 35m) })
            await _data.Products.InsertAsync(new Product { Sku = ShopData.Unique("q"), Name = name, Price = price, Inventory = 1, SellerId = seller.Id, CategoryId = category.Id });
        var query = _data.Products.Query().Where(p => p.SellerId == seller.Id);
        var expensive = await query.Where(p => p.Price > 10m).OrderByDescending(p => p.Price).ToListAsync();
        Assert.Equal(["d", "c", "b"], expensive.Select(p => p.Name));
        var paged = await query.OrderBy(p => p.Name).Skip(1).Take(2).ToListAsync();
        Assert.Equal(["b", "c"], paged.Select(p => p.Name));
        Assert.Equal(4, await query.CountAsync());
        Assert.True(await query.Where(p => p.Name.StartsWith('c')).AnyAsync());
        Assert.Equal("a", (await query.OrderBy(p => p.Price).FirstOrDefaultAsync())!.Name);
        var names = new[] { "a", "d" };
        Assert.Equal(2, await query.Where(p => names.Contains(p.Name)).CountAsync());
    }

    [Fact]
    public async Task Seed_000_user_repository_runs_its_domain_queries()
    {
        var keel = shop.Database.CreateDataSource();
        ShopMapping.Configure(keel);
        await using var _ = keel;
        var users = new UserRepository(keel);
        await using var session = await keel.OpenSessionAsync();
        await using var tx = await session.BeginTransactionAsync();
        var bound = users.In(tx);
        await bound.ExecuteUpdateAsync(u => u.IsActive, s => s.Set(u => u.IsActive, false));
        var first = await bound.InsertAsync(ShopData.NewUser("first@seed.test"));
        var second = await bound.InsertAsync(ShopData.NewUser("second@seed.test"));
        await bound.InsertAsync(ShopData.NewUser("idle@seed.test", active: false));

        Assert.Equal(first.Id, (await bound.FindByEmailAsync("first@seed.test"))!.Id);
        Assert.Null(await bound.FindByEmailAsync("nobody@seed.test"));
        Assert.Equal([second.Id, first.Id], (await bound.FindActiveUsersAsync()).Select(u => u.Id));
        Assert.Equal(2, await bound.CountActiveUsersAsync());
        var logged = await bound.UpdateLastLoginAsync(first.Id);
        Assert.NotNull(logged.LastLoginAt);
        Assert.Equal(3, (await bound.FindByEmailDomainAsync("seed.test")).Count);
        await tx.RollbackAsync();
        Assert.Null(await users.FindByEmailAsync("first@seed.test"));
    }

    private static User WithPreferences(User user)
    {
        user.Preferences = new UserPreferences("dark", false, ["en"]);
        return user;
    }
}
