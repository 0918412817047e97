namespace Keel.Tests.Repositories.Shop;

/// <summary>A database of its own with the seed 004 shop schema created and the shop entities mapped.</summary>
public sealed class ShopFixture : IAsyncLifetime
{
    public DatabaseFixture Database { get; } = new();

    public KeelDataSource Keel => Database.Keel;

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        ShopMapping.Configure(Keel);
        await using var session = await Keel.OpenSessionAsync();
        await session.ExecuteAsync(Sql.Raw(ShopSchema.Ddl));
    }

    public Task DisposeAsync() => Database.DisposeAsync();
}
