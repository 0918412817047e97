namespace Keel.Tests.Repositories.Shop;

/// <summary>A database of its own with the shop entities mapped and their schema created from the model.</summary>
public sealed class ShopFixture : IAsyncLifetime
{
    public DatabaseFixture Database { get; } = new();

    public KeelDataSource Keel => Database.Keel;

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        ShopMapping.Configure(Keel);
        await Keel.Entities.EnsureSchemaAsync();
        // Idempotent: a second run changes nothing and does not fail.
        await Keel.Entities.EnsureSchemaAsync();
    }

    public Task DisposeAsync() => Database.DisposeAsync();
}
