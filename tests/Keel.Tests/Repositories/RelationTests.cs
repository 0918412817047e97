using Keel.Tests.Repositories.Shop;

namespace Keel.Tests.Repositories;

public sealed partial class RelationTests(ShopFixture shop) : IClassFixture<ShopFixture>
{
    private readonly ShopData _data = new(shop.Keel);

    private Repository<Order, int> Orders => _data.Orders;

    private Repository<User, int> Users => _data.Users;

    [Fact]
    public async Task One_to_many_include_loads_every_parents_children_in_one_batched_query()
    {
        var (a, b, none) = (await _data.UserAsync(), await _data.UserAsync(), await _data.UserAsync());
        var a2 = await OrderAsync(a, 20m);
        var a1 = await OrderAsync(a, 10m);
        var b1 = await OrderAsync(b, 30m);

        using var counter = new CommandCounter();
        var users = await Users.Query().Where(u => u.Id == a.Id || u.Id == b.Id || u.Id == none.Id).OrderBy(u => u.Id).Include(u => u.Orders).ToListAsync();

        Assert.Equal(2, counter.Count);
        Assert.Contains("= ANY($1)", counter.Statements[1], StringComparison.Ordinal);
        Assert.Equal([a.Id, b.Id, none.Id], users.Select(u => u.Id));
        Assert.Equal([a2.Id, a1.Id], users[0].Orders.Select(o => o.Id));
        Assert.Equal([b1.Id], users[1].Orders.Select(o => o.Id));
        Assert.Empty(users[2].Orders);
    }

    [Fact]
    public async Task Nested_includes_cost_one_command_per_level_and_share_one_object_per_row()
    {
        var user = await _data.UserAsync();
        var (lamp, desk) = (await _data.ProductAsync(), await _data.ProductAsync());
        var first = await OrderAsync(user, 1m, lamp, desk);
        var second = await OrderAsync(user, 2m, lamp);

        using var counter = new CommandCounter();
        var orders = await Orders.Query().Where(o => o.UserId == user.Id).OrderBy(o => o.Id)
            .Include(o => o.Items).ThenInclude(i => i.Product).ThenInclude(p => p!.Category)
            .Include(o => o.User)
            .ToListAsync();

        Assert.Equal(5, counter.Count);
        Assert.Equal([first.Id, second.Id], orders.Select(o => o.Id));
        Assert.Equal([lamp.Id, desk.Id], orders[0].Items.Select(i => i.Product!.Id));
        Assert.Same(orders[0].Items[0].Product, orders[1].Items[0].Product);
        Assert.Equal(lamp.CategoryId, orders[1].Items[0].Product!.Category!.Id);
        Assert.Same(orders[0].User, orders[1].User);
        Assert.Equal(user.Email, orders[0].User!.Email);
    }

    [Fact]
    public async Task A_query_with_k_include_levels_sends_k_plus_one_commands_whatever_the_row_count()
    {
        var product = await _data.ProductAsync();
        var one = await _data.UserAsync();
        await OrderAsync(one, 1m, product);
        var many = await _data.UserAsync();
        for (var i = 0; i < 12; i++)
            await OrderAsync(many, i + 1m, product);

        foreach (var user in new[] { one, many })
        {
            using var counter = new CommandCounter();
            var orders = await Orders.Query().Where(o => o.UserId == user.Id).Include(o => o.Items).ThenInclude(i => i.Product).ToListAsync();
            Assert.Equal(3, counter.Count);
            Assert.All(orders, o => Assert.Equal(product.Id, Assert.Single(o.Items).Product!.Id));
        }
    }

    [Fact]
    public async Task One_to_one_include_fills_the_shipment_or_leaves_null()
    {
        var user = await _data.UserAsync();
        var shipped = await OrderAsync(user, 1m);
        var waiting = await OrderAsync(user, 2m);
        var shipment = await new Repository<Shipment, int>(shop.Keel).InsertAsync(new Shipment { OrderId = shipped.Id, TrackingId = ShopData.Unique("trk"), Carrier = "DHL" });

        var orders = await Orders.Query().Where(o => o.UserId == user.Id).OrderBy(o => o.Id).Include(o => o.Shipment).ToListAsync();

        Assert.Equal(shipment.Id, orders[0].Shipment!.Id);
        Assert.Equal("pending", orders[0].Shipment!.Status);
        Assert.Null(orders[1].Shipment);
        Assert.Equal(waiting.Id, orders[1].Id);
    }

    [Fact]
    public async Task Many_to_many_through_an_implicit_pivot_loads_both_ways_with_shared_objects()
    {
        var (lamp, desk, bare) = (await _data.ProductAsync(), await _data.ProductAsync(), await _data.ProductAsync());
        var tags = new Repository<Tag, int>(shop.Keel);
        var (sale, wood) = (await tags.InsertAsync(new Tag { Name = ShopData.Unique("sale") }), await tags.InsertAsync(new Tag { Name = ShopData.Unique("wood") }));
        await using (var session = await shop.Keel.OpenSessionAsync())
            await session.ExecuteAsync($"INSERT INTO product_tags (product_id, tag_id) VALUES ({lamp.Id}, {sale.Id}), ({desk.Id}, {sale.Id}), ({desk.Id}, {wood.Id})");

        using var counter = new CommandCounter();
        int[] ids = [lamp.Id, desk.Id, bare.Id];
        var products = await _data.Products.Query().Where(p => ids.Contains(p.Id)).OrderBy(p => p.Id).Include(p => p.Tags).ToListAsync();

        Assert.Equal(2, counter.Count);
        Assert.Equal([sale.Id], products[0].Tags.Select(t => t.Id));
        Assert.Equal([sale.Id, wood.Id], products[1].Tags.Select(t => t.Id));
        Assert.Same(products[0].Tags[0], products[1].Tags[0]);
        Assert.Empty(products[2].Tags);

        var back = await tags.Query().Where(t => t.Id == sale.Id).Include(t => t.Products).FirstOrDefaultAsync();
        Assert.Equal([lamp.Id, desk.Id], back!.Products.Select(p => p.Id));
    }

    [Fact]
    public async Task Explicit_pivot_entity_carries_its_data_and_reaches_the_user()
    {
        var groups = new Repository<Group, Guid>(shop.Keel);
        var members = new Repository<GroupMember, (Guid, int)>(shop.Keel);
        var group = await groups.InsertAsync(new Group { Name = ShopData.Unique("g") });
        var (ann, bob) = (await _data.UserAsync(), await _data.UserAsync());
        await members.InsertAsync(new GroupMember { GroupId = group.Id, UserId = ann.Id, Role = MemberRole.Admin });
        await members.InsertAsync(new GroupMember { GroupId = group.Id, UserId = bob.Id });

        using var counter = new CommandCounter();
        var loaded = await groups.Query().Where(g => g.Id == group.Id)
            .Include(g => g.Members.OrderByDescending(m => m.Role)).ThenInclude(m => m.User).FirstOrDefaultAsync();

        Assert.Equal(3, counter.Count);
        Assert.Equal([ann.Id, bob.Id], loaded!.Members.Select(m => m.User!.Id));
        Assert.Equal([MemberRole.Admin, MemberRole.Member], loaded.Members.Select(m => m.Role));
        Assert.All(loaded.Members, m => Assert.NotEqual(default, m.JoinedAt));

        var ofAnn = await Users.Query().Where(u => u.Id == ann.Id).Include(u => u.Memberships).ThenInclude(m => m.Group).FirstOrDefaultAsync();
        Assert.Equal(group.Name, Assert.Single(ofAnn!.Memberships).Group!.Name);
    }

    [Fact]
    public async Task A_collection_loaded_twice_holds_the_last_includes_rows_in_a_list_of_each_parents_own()
    {
        var (a, b) = (await _data.UserAsync(), await _data.UserAsync());
        var small = await OrderAsync(a, 5m);
        var big = await OrderAsync(a, 50m);
        await OrderAsync(b, 6m);

        var users = await Users.Query().Where(u => u.Id == a.Id || u.Id == b.Id).OrderBy(u => u.Id)
            .Include(u => u.Orders.Where(o => o.Total > 10m))
            .Include(u => u.Orders)
            .ToListAsync();

        Assert.Equal([small.Id, big.Id], users[0].Orders.Select(o => o.Id));
        Assert.Single(users[1].Orders);
        Assert.NotSame(users[0].Orders, users[1].Orders);

        var filtered = await Users.Query().Where(u => u.Id == a.Id || u.Id == b.Id).OrderBy(u => u.Id)
            .Include(u => u.Orders).Include(u => u.Orders.Where(o => o.Total > 10m)).ToListAsync();
        Assert.Equal([big.Id], filtered[0].Orders.Select(o => o.Id));
        Assert.Empty(filtered[1].Orders);
    }

    private async Task<Order> OrderAsync(User user, decimal total, params Product[] products)
    {
        var order = await Orders.InsertAsync(new Order { UserId = user.Id, Total = total, PlacedOn = new DateOnly(2026, 1, 1).AddDays((int)total) });
        var items = new Repository<OrderItem, int>(shop.Keel);
        foreach (var product in products)
            await items.InsertAsync(new OrderItem { OrderId = order.Id, ProductId = product.Id, Quantity = 2, Price = product.Price });
        return order;
    }
}
