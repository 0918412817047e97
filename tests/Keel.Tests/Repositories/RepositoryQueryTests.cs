using Keel.Tests.Repositories.Shop;

namespace Keel.Tests.Repositories;

public sealed class RepositoryQueryTests(ShopFixture shop) : IClassFixture<ShopFixture>
{
    private readonly ShopData _data = new(shop.Keel);

    private async Task<(User Seller, List<Product> Products)> CatalogAsync(int count)
    {
        var seller = await _data.UserAsync();
        var category = await _data.Categories.InsertAsync(new Category(0, ShopData.Unique("cat")));
        var products = new List<Product>();
        for (var i = 0; i < count; i++)
            products.Add(await _data.Products.InsertAsync(new Product { Sku = ShopData.Unique("p"), Name = $"n{i % 3}", Price = 1m + (i % 4), Inventory = i, SellerId = seller.Id, CategoryId = category.Id }));
        return (seller, products);
    }

    [Fact]
    public async Task Keyset_pages_walk_every_row_once_in_order_with_one_command_per_page()
    {
        var (seller, products) = await CatalogAsync(11);
        var query = _data.Products.Query().Where(p => p.SellerId == seller.Id).OrderByDescending(p => p.Price).ThenBy(p => p.Name);
        var seen = new List<int>();
        string? cursor = null;
        var pages = 0;
        using var counter = new CommandCounter();
        do
        {
            var page = await query.ToPageAsync(4, cursor);
            seen.AddRange(page.Items.Select(p => p.Id));
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null);
        Assert.Equal(3, pages);
        Assert.Equal(3, counter.Count);
        Assert.DoesNotContain(counter.Statements, s => s.Contains("OFFSET", StringComparison.Ordinal));
        var expected = products.OrderByDescending(p => p.Price).ThenBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Id).Select(p => p.Id);
        Assert.Equal(expected, seen);
    }

    [Fact]
    public async Task A_cursor_from_another_ordering_or_garbage_is_refused()
    {
        var (seller, _) = await CatalogAsync(3);
        var page = await _data.Products.Query().Where(p => p.SellerId == seller.Id).OrderBy(p => p.Name).ToPageAsync(1);
        await Assert.ThrowsAsync<ArgumentException>(() => _data.Products.Query().ToPageAsync(1, page.NextCursor));
        await Assert.ThrowsAsync<ArgumentException>(() => _data.Products.Query().ToPageAsync(1, "%%%"));
    }

    [Fact]
    public async Task Paging_by_a_sensitive_column_is_refused_because_the_cursor_would_carry_it()
    {
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => _data.Users.Query().OrderBy(u => u.PasswordHash).ToPageAsync(5));
        Assert.Contains("sensitive", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Projections_select_only_the_chosen_columns()
    {
        var (seller, _) = await CatalogAsync(4);
        var query = _data.Products.Query().Where(p => p.SellerId == seller.Id).OrderBy(p => p.Inventory);
        using var counter = new CommandCounter();
        var rows = await query.SelectAsync(p => new { p.Id, p.Inventory, Label = p.Name });
        Assert.Equal([0, 1, 2, 3], rows.Select(r => r.Inventory));
        Assert.Equal("n0", rows[0].Label);
        Assert.StartsWith("SELECT \"id\" AS \"Id\", \"inventory\" AS \"Inventory\", \"name\" AS \"Label\" FROM \"public\".\"products\"", counter.Statements[0], StringComparison.Ordinal);
        Assert.Equal([0, 1, 2, 3], await query.SelectAsync(p => p.Inventory));
        var summaries = await query.Take(2).SelectAsync(p => new ProductSummary(p.Sku, p.Price));
        Assert.Equal(2, summaries.Count);
        var roles = await _data.Users.Query().Where(u => u.Id == seller.Id).SelectAsync(u => u.Role);
        Assert.Equal([UserRole.User], roles);
    }

    [Fact]
    public async Task Predicates_over_navigations_or_unmapped_members_name_the_problem()
    {
        var navigation = await Assert.ThrowsAsync<NotSupportedException>(() => _data.Products.Query().Where(p => p.Seller!.Name == "x").ToListAsync());
        Assert.Contains("Seller", navigation.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<NotSupportedException>(() => _data.Users.Query().Where(u => u.DisplayName == "x").ToListAsync());
        Assert.Throws<NotSupportedException>(() => _data.Users.Query().OrderBy(u => u.Orders));
    }

    [Fact]
    public async Task Find_count_exists_and_query_each_send_one_command()
    {
        var user = await _data.UserAsync();
        using var counter = new CommandCounter();
        await _data.Users.FindAsync(user.Id);
        await _data.Users.ExistsAsync(user.Id);
        await _data.Users.ExistsAsync(u => u.Email == user.Email);
        await _data.Users.CountAsync();
        await _data.Users.Query().Where(u => u.Id == user.Id).ToListAsync();
        Assert.Equal(5, counter.Count);
        Assert.Equal("SELECT \"id\", \"email\", \"password_hash\", \"name\", \"role\", \"is_active\", \"preferences\", \"last_login_at\", \"created_at\", \"updated_at\", \"deleted_at\" FROM \"public\".\"users\" WHERE \"id\" = $1 AND \"deleted_at\" IS NULL", counter.Statements[0]);
    }

    public sealed record ProductSummary(string Sku, decimal Price);
}
