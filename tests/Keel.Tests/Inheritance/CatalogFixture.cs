namespace Keel.Tests.Inheritance;

/// <summary>A database of its own with Listing/Book/Album mapped by one strategy and its tables created from the model.</summary>
public abstract class CatalogFixture(InheritanceStrategy strategy) : IAsyncLifetime
{
    public DatabaseFixture Database { get; } = new();

    public KeelDataSource Keel => Database.Keel;

    public InheritanceStrategy Strategy { get; } = strategy;

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        Keel.Entities.For<Listing>(e => HierarchyFixture.Layout(e, Strategy).Subtype<Book>("book").Subtype<Album>("album"));
        await Keel.Entities.EnsureSchemaAsync();
    }

    public Task DisposeAsync() => Database.DisposeAsync();
}

public sealed class SingleTableCatalogFixture() : CatalogFixture(InheritanceStrategy.SingleTable);

public sealed class JoinedTablesCatalogFixture() : CatalogFixture(InheritanceStrategy.JoinedTables);

public sealed class TablePerConcreteTypeCatalogFixture() : CatalogFixture(InheritanceStrategy.TablePerConcreteType);
