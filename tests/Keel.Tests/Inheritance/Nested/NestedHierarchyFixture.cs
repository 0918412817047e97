namespace Keel.Tests.Inheritance.Nested;

/// <summary>A database of its own with Content → Article → FeaturedArticle and Content → Video mapped by one strategy, tables created from the model.</summary>
public abstract class NestedHierarchyFixture(InheritanceStrategy strategy) : IAsyncLifetime
{
    public DatabaseFixture Database { get; } = new();

    public KeelDataSource Keel => Database.Keel;

    public InheritanceStrategy Strategy { get; } = strategy;

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        Keel.Entities.For<Content>(e => HierarchyFixture.Layout(e, Strategy)
            .Subtype<Article>("article", a => a.Subtype<FeaturedArticle>("featured"))
            .Subtype<Video>("video"));
        await Keel.Entities.EnsureSchemaAsync();
    }

    public Task DisposeAsync() => Database.DisposeAsync();
}

public sealed class NestedSingleTableFixture() : NestedHierarchyFixture(InheritanceStrategy.SingleTable);

public sealed class NestedJoinedTablesFixture() : NestedHierarchyFixture(InheritanceStrategy.JoinedTables);

public sealed class NestedTablePerConcreteTypeFixture() : NestedHierarchyFixture(InheritanceStrategy.TablePerConcreteType);
