using Keel.Tests.Repositories.Shop;

namespace Keel.Tests.Repositories;

/// <summary>Builds shop rows with unique names, so tests sharing a database never clash.</summary>
public sealed class ShopData(KeelDataSource keel)
{
    public Repository<User, int> Users { get; } = new(keel);

    public Repository<Category, int> Categories { get; } = new(keel);

    public Repository<Product, int> Products { get; } = new(keel);

    public Repository<Order, int> Orders { get; } = new(keel);

    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 40)];

    public static User NewUser(string? email = null, bool active = true) => new()
    {
        Email = email ?? Unique("u") + "@shop.test",
        PasswordHash = "hash",
        Name = "Ann",
        IsActive = active,
    };

    public Task<User> UserAsync(string? email = null, bool active = true) => Users.InsertAsync(NewUser(email, active));

    public async Task<Product> ProductAsync(decimal price = 10m, int inventory = 5, int? sellerId = null)
    {
        var seller = sellerId ?? (await UserAsync()).Id;
        var category = await Categories.InsertAsync(new Category(0, Unique("cat")));
        return await Products.InsertAsync(new Product { Sku = Unique("sku"), Name = "Lamp", Price = price, Inventory = inventory, SellerId = seller, CategoryId = category.Id });
    }
}
