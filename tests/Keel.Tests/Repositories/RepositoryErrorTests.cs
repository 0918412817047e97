using Keel.Tests.Repositories.Shop;

namespace Keel.Tests.Repositories;

/// <summary>Constraint violations surface as typed exceptions naming the constraint, and nothing is written.</summary>
public sealed class RepositoryErrorTests(ShopFixture shop) : IClassFixture<ShopFixture>
{
    private readonly ShopData _data = new(shop.Keel);

    [Fact]
    public async Task A_taken_email_throws_UniqueViolationException_naming_the_constraint()
    {
        var user = await _data.UserAsync();
        var clash = ShopData.NewUser(user.Email);
        clash.Name = "Clash";
        var e = await Assert.ThrowsAsync<UniqueViolationException>(() => _data.Users.InsertAsync(clash));
        Assert.Equal("users_email_key", e.ConstraintName);
        Assert.Equal(1, await _data.Users.CountAsync(u => u.Email == user.Email));
    }

    [Fact]
    public async Task A_non_positive_price_throws_CheckViolationException_and_writes_nothing()
    {
        var seller = await _data.UserAsync();
        var category = await _data.Categories.InsertAsync(new Category(0, ShopData.Unique("err")));
        var sku = ShopData.Unique("free");
        var e = await Assert.ThrowsAsync<CheckViolationException>(() => _data.Products.InsertAsync(new Product { Sku = sku, Name = "Free", Price = 0m, SellerId = seller.Id, CategoryId = category.Id }));
        Assert.Equal("products_price_check", e.ConstraintName);
        Assert.False(await _data.Products.ExistsAsync(p => p.Sku == sku));
    }

    [Fact]
    public async Task A_missing_category_throws_ForeignKeyViolationException_and_writes_nothing()
    {
        var seller = await _data.UserAsync();
        var sku = ShopData.Unique("orphan");
        var e = await Assert.ThrowsAsync<ForeignKeyViolationException>(() => _data.Products.InsertAsync(new Product { Sku = sku, Name = "Orphan", Price = 1m, SellerId = seller.Id, CategoryId = -1 }));
        Assert.Equal("products_category_id_fkey", e.ConstraintName);
        Assert.False(await _data.Products.ExistsAsync(p => p.Sku == sku));
    }

    [Fact]
    public async Task Order_items_are_unique_per_order_and_product_and_reviews_per_user_and_product()
    {
        var product = await _data.ProductAsync();
        var buyer = await _data.UserAsync();
        var order = await _data.Orders.InsertAsync(new Order { UserId = buyer.Id, Total = 10m, PlacedOn = new DateOnly(2026, 2, 2) });
        var items = new Repository<OrderItem, int>(shop.Keel);
        var item = await items.InsertAsync(new OrderItem { OrderId = order.Id, ProductId = product.Id, Quantity = 2, Price = product.Price });
        Assert.Equal(10m, item.Price);
        var twice = await Assert.ThrowsAsync<UniqueViolationException>(() => items.InsertAsync(new OrderItem { OrderId = order.Id, ProductId = product.Id, Price = 1m }));
        Assert.Equal("order_items_order_id_product_id_key", twice.ConstraintName);
        Assert.Equal(1, await items.CountAsync(i => i.OrderId == order.Id));

        var reviews = new Repository<Review, int>(shop.Keel);
        await reviews.InsertAsync(new Review { UserId = buyer.Id, ProductId = product.Id, Rating = 5, Text = "great" });
        var again = await Assert.ThrowsAsync<UniqueViolationException>(() => reviews.InsertAsync(new Review { UserId = buyer.Id, ProductId = product.Id, Rating = 4 }));
        Assert.Equal("reviews_user_id_product_id_key", again.ConstraintName);
        var other = await _data.UserAsync();
        var rating = await Assert.ThrowsAsync<CheckViolationException>(() => reviews.InsertAsync(new Review { UserId = other.Id, ProductId = product.Id, Rating = 6 }));
        Assert.Equal("reviews_rating_check", rating.ConstraintName);
        Assert.Equal(1, await reviews.CountAsync(r => r.ProductId == product.Id));
    }

    [Fact]
    public async Task One_shipment_per_order_and_deleting_the_order_cascades_to_it()
    {
        var buyer = await _data.UserAsync();
        var order = await _data.Orders.InsertAsync(new Order { UserId = buyer.Id, Total = 3m, PlacedOn = new DateOnly(2026, 4, 4) });
        var shipments = new Repository<Shipment, int>(shop.Keel);
        var shipment = await shipments.InsertAsync(new Shipment { OrderId = order.Id, TrackingId = ShopData.Unique("trk"), Carrier = "DHL" });
        Assert.Equal("pending", shipment.Status);
        var e = await Assert.ThrowsAsync<UniqueViolationException>(() => shipments.InsertAsync(new Shipment { OrderId = order.Id, TrackingId = ShopData.Unique("trk"), Carrier = "UPS" }));
        Assert.Equal("shipments_order_id_key", e.ConstraintName);
        Assert.True(await _data.Orders.DeleteAsync(order.Id));
        Assert.Null(await shipments.FindAsync(shipment.Id));
    }

    [Fact]
    public async Task A_failed_write_inside_a_transaction_leaves_nothing_of_it()
    {
        var taken = await _data.UserAsync();
        await using var session = await shop.Keel.OpenSessionAsync();
        var fresh = ShopData.NewUser();
        await Assert.ThrowsAsync<UniqueViolationException>(() => session.InTransactionAsync(async (tx, ct) =>
        {
            await _data.Users.In(tx).InsertAsync(fresh, ct);
            return await _data.Users.In(tx).InsertAsync(ShopData.NewUser(taken.Email), ct);
        }));
        Assert.False(await _data.Users.ExistsAsync(u => u.Email == fresh.Email));
    }

    [Fact]
    public async Task Sensitive_values_stay_redacted_even_when_parameter_values_are_logged()
    {
        await using var keel = shop.Database.CreateDataSource(o => o.IncludeParameterValues = true);
        ShopMapping.Configure(keel);
        var users = new Repository<User, int>(keel);
        var user = ShopData.NewUser();
        user.PasswordHash = "s3cret-hash";
        using var counter = new CommandCounter();
        var stored = await users.InsertAsync(user);
        await users.UpdateAsync(stored.Id, s => s.Set(u => u.PasswordHash, "n3w-hash").Set(u => u.Name, "Visible"));
        Assert.Equal(2, counter.Parameters.Count);
        Assert.All(counter.Parameters, p => Assert.DoesNotContain("hash", p, StringComparison.Ordinal));
        Assert.Contains("Visible", counter.Parameters[1], StringComparison.Ordinal);
        Assert.Contains("<redacted String>", counter.Parameters[0], StringComparison.Ordinal);
    }
}
