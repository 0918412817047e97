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
        Keel.Entities.For<Content>(e => Layout(e, Strategy).Subtype<Article>("article").Subtype<Video>("video"));
        await Keel.Entities.EnsureSchemaAsync();
    }

    public Task DisposeAsync() => Database.DisposeAsync();

    /// <summary>Chooses <paramref name="strategy"/> for a hierarchy rooted at <typeparamref name="T"/>, with "kind" as the discriminator.</summary>
    public static EntityOptions<T> Layout<T>(EntityOptions<T> options, InheritanceStrategy strategy)
        where T : class
        => strategy switch
        {
            InheritanceStrategy.SingleTable => options.SingleTable("kind"),
            InheritanceStrategy.JoinedTables => options.JoinedTables("kind"),
            _ => options.TablePerConcreteType(),
        };
}

public sealed class SingleTableFixture() : HierarchyFixture(InheritanceStrategy.SingleTable);

public sealed class JoinedTablesFixture() : HierarchyFixture(InheritanceStrategy.JoinedTables);

public sealed class TablePerConcreteTypeFixture() : HierarchyFixture(InheritanceStrategy.TablePerConcreteType);
