namespace Keel.Tests.Inheritance;

/// <summary>A database of its own with Content/Article/Video mapped by one strategy and its tables created from the model.</summary>
public abstract class HierarchyFixture(InheritanceStrategy strategy) : IAsyncLifetime
{
    public DatabaseFixture Database { get; } = new();

    public KeelDataSource Keel => Database.Keel;

    public InheritanceStrategy Strategy { get; } = strategy;

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        Keel.Entities.For<Content>(e => (Strategy switch
        {
            InheritanceStrategy.SingleTable => e.SingleTable("kind"),
            InheritanceStrategy.JoinedTables => e.JoinedTables("kind"),
            _ => e.TablePerConcreteType(),
        }).Subtype<Article>("article").Subtype<Video>("video"));
        await Keel.Entities.EnsureSchemaAsync();
    }

    public Task DisposeAsync() => Database.DisposeAsync();
}

public sealed class SingleTableFixture() : HierarchyFixture(InheritanceStrategy.SingleTable);

public sealed class JoinedTablesFixture() : HierarchyFixture(InheritanceStrategy.JoinedTables);

public sealed class TablePerConcreteTypeFixture() : HierarchyFixture(InheritanceStrategy.TablePerConcreteType);
