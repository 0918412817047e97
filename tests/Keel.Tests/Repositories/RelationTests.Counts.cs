using Keel.Tests.Repositories.Shop;

namespace Keel.Tests.Repositories;

/// <summary>Relation counts as a projection: correlated subqueries in the one command that reads the rows.</summary>
public sealed partial class RelationTests
{
    [Fact]
    public async Task Counting_a_one_to_many_navigation_in_a_projection_is_one_command()
    {
        var (busy, idle) = (await _data.UserAsync(), await _data.UserAsync());
        await OrderAsync(busy, 5m);
        await OrderAsync(busy, 50m);
        await OrderAsync(busy, 500m);

        using var counter = new CommandCounter();
        var rows = await Users.Query().Where(u => u.Id == busy.Id || u.Id == idle.Id).OrderBy(u => u.Id)
            .SelectAsync(u => new UserSummary(u.Name, u.Orders.Count(), u.Orders.Count(o => o.Total > 10m), u.Orders.Any(o => o.Total > 100m), u.Orders.LongCount()));

        Assert.Equal(1, counter.Count);
        Assert.Contains("(SELECT count(*)::integer FROM \"public\".\"orders\" c WHERE c.\"user_id\" = \"users\".\"id\")", counter.Statements[0], StringComparison.Ordinal);
        Assert.Equal(new UserSummary(busy.Name, 3, 2, true, 3), rows[0]);
        Assert.Equal(new UserSummary(idle.Name, 0, 0, false, 0), rows[1]);
    }

    [Fact]
    public async Task The_count_property_and_a_single_count_project_like_Count()
    {
        var user = await _data.UserAsync();
        await OrderAsync(user, 1m);

        var anonymous = await Users.Query().Where(u => u.Id == user.Id).SelectAsync(u => new { u.Id, Orders = u.Orders.Count });
        var single = await Users.Query().Where(u => u.Id == user.Id).SelectAsync(u => u.Orders.Count());

        Assert.Equal(1, Assert.Single(anonymous).Orders);
        Assert.Equal(1, Assert.Single(single));
    }

    [Fact]
    public async Task Counting_an_implicit_pivot_navigation_counts_its_pairs_and_filters_through_the_targets()
    {
        var (lamp, desk, bare) = (await _data.ProductAsync(), await _data.ProductAsync(), await _data.ProductAsync());
        var tags = new Repository<Tag, int>(shop.Keel);
        var (sale, wood) = (await tags.InsertAsync(new Tag { Name = ShopData.Unique("sale") }), await tags.InsertAsync(new Tag { Name = ShopData.Unique("wood") }));
        await using (var session = await shop.Keel.OpenSessionAsync())
            await session.ExecuteAsync($"INSERT INTO product_tags (product_id, tag_id) VALUES ({lamp.Id}, {sale.Id}), ({desk.Id}, {sale.Id}), ({desk.Id}, {wood.Id})");

        using var counter = new CommandCounter();
        int[] ids = [lamp.Id, desk.Id, bare.Id];
        var products = await _data.Products.Query().Where(p => ids.Contains(p.Id)).OrderBy(p => p.Id)
            .SelectAsync(p => new { p.Id, Tags = p.Tags.Count(), Wood = p.Tags.Count(t => t.Name == wood.Name), Tagged = p.Tags.Any() });
        var usedBy = await tags.Query().Where(t => t.Id == sale.Id).SelectAsync(t => t.Products.Count());

        Assert.Equal(2, counter.Count);
        Assert.Equal([(lamp.Id, 1, 0, true), (desk.Id, 2, 1, true), (bare.Id, 0, 0, false)], products.Select(p => (p.Id, p.Tags, p.Wood, p.Tagged)));
        Assert.Equal(2, Assert.Single(usedBy));
    }

    [Fact]
    public async Task Counting_an_explicit_pivot_navigation_counts_the_pivot_entities()
    {
        var groups = new Repository<Group, Guid>(shop.Keel);
        var members = new Repository<GroupMember, (Guid, int)>(shop.Keel);
        var (full, empty) = (await groups.InsertAsync(new Group { Name = ShopData.Unique("g") }), await groups.InsertAsync(new Group { Name = ShopData.Unique("g") }));
        var (ann, bob) = (await _data.UserAsync(), await _data.UserAsync());
        await members.InsertAsync(new GroupMember { GroupId = full.Id, UserId = ann.Id, Role = MemberRole.Admin });
        await members.InsertAsync(new GroupMember { GroupId = full.Id, UserId = bob.Id });

        using var counter = new CommandCounter();
        Guid[] ids = [full.Id, empty.Id];
        var rows = await groups.Query().Where(g => ids.Contains(g.Id))
            .SelectAsync(g => new { g.Id, Members = g.Members.Count(), Admins = g.Members.Count(m => m.Role == MemberRole.Admin) });
        var annGroups = await Users.Query().Where(u => u.Id == ann.Id).SelectAsync(u => u.Memberships.Count());

        Assert.Equal(2, counter.Count);
        Assert.Equal((2, 1), rows.Where(r => r.Id == full.Id).Select(r => (r.Members, r.Admins)).Single());
        Assert.Equal((0, 0), rows.Where(r => r.Id == empty.Id).Select(r => (r.Members, r.Admins)).Single());
        Assert.Equal(1, Assert.Single(annGroups));
    }

    [Theory]
    [InlineData("filtered before counting")]
    [InlineData("aggregate other than a count")]
    [InlineData("nested count")]
    [InlineData("column")]
    [InlineData("computed count")]
    public async Task Unsupported_relation_projections_throw_NotSupportedException_naming_the_expression(string kind)
    {
        using var counter = new CommandCounter();
        var (select, named, reason) = kind switch
        {
            "filtered before counting" => Refusal(() => Users.Query().SelectAsync(u => new { N = u.Orders.Where(o => o.Total > 1m).Count() }), "u.Orders.Where(", "filter with Count(o => ...)"),
            "aggregate other than a count" => Refusal(() => Users.Query().SelectAsync(u => new { S = u.Orders.Sum(o => o.Total) }), "u.Orders.Sum(", "counts of its collection navigations"),
            "nested count" => Refusal(() => Users.Query().SelectAsync(u => new { N = u.Orders.Count(o => o.Items.Count > 1) }), "o.Items.Count", "Keel cannot translate"),
            "column" => Refusal(() => Users.Query().SelectAsync(u => new { N = u.Name.Count() }), "User.Name is a column", "only collection navigations can be counted"),
            _ => Refusal(() => Users.Query().SelectAsync(u => new { N = u.Orders.Count() + 1 }), "(u.Orders.Count() + 1)", "counts of its collection navigations"),
        };

        var error = await Assert.ThrowsAsync<NotSupportedException>(select);

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, counter.Count);
    }

    private static (Func<Task> Select, string Named, string Reason) Refusal(Func<Task> select, string named, string reason) => (select, named, reason);

    public sealed record UserSummary(string Name, int OrderCount, int BigOrders, bool HasHuge, long AllOrders);
}
