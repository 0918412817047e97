namespace Keel.Tests.Repositories.Composite;

/// <summary>A database of its own with shelves, bins and labels, their schema created from the model.</summary>
public sealed class CompositeFixture : IAsyncLifetime
{
    public DatabaseFixture Database { get; } = new();

    public KeelDataSource Keel => Database.Keel;

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        Configure(Keel);
        await Keel.Entities.EnsureSchemaAsync();
    }

    /// <summary>The mapping: conventions, plus the spare shelf's two key properties named by the fluent API.</summary>
    public static void Configure(KeelDataSource keel)
        => keel.Entities.Add<Shelf>().Add<ShelfLabel>().Add<Crate>()
            .For<Bin>(e => e.Navigation(b => b.Spare, nameof(Bin.SpareWarehouse), nameof(Bin.SpareShelf)));

    public Task DisposeAsync() => Database.DisposeAsync();
}
