using Keel.Tests.Inheritance;

namespace Keel.Tests.Tenancy;

// A hierarchy whose root declares its tenant (Content, from the inheritance tests, keeps it in Keel's column alone),
// with soft delete, mapped like Content by each fixture below.

public abstract class Asset
{
    public Guid Id { get; set; }

    public string? TenantId { get; set; }

    public required string Name { get; set; }

    [Version]
    public int Version { get; set; }

    public DateTimeOffset? DeletedAt { get; set; }
}

public sealed class Photo : Asset
{
    public int Width { get; set; }

    public Guid? AlbumId { get; set; }
}

/// <summary>Holds photos: an include into one subtype of a multi-tenant hierarchy.</summary>
public sealed class Album
{
    public Guid Id { get; set; }

    public required string Title { get; set; }

    public List<Photo> Photos { get; set; } = [];
}

public sealed class Clip : Asset
{
    public int Seconds { get; set; }
}

/// <summary>A database of its own with both multi-tenant hierarchies mapped by one strategy.</summary>
public abstract class TenantHierarchyFixture(InheritanceStrategy strategy) : IAsyncLifetime
{
    public DatabaseFixture Database { get; } = new();

    public KeelDataSource Keel => Database.Keel;

    public InheritanceStrategy Strategy { get; } = strategy;

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        Keel.Entities
            .For<Content>(e => Layout(e.MultiTenant()).Subtype<Article>("article", s => s.Subtype<FeaturedArticle>("featured")).Subtype<Video>("video"))
            .For<Asset>(e => Layout(e.MultiTenant()).Subtype<Photo>("photo").Subtype<Clip>("clip"))
            .For<Album>(e => e.MultiTenant());
        await Keel.Entities.EnsureSchemaAsync();
        await Keel.Entities.EnsureSchemaAsync();
    }

    public Task DisposeAsync() => Database.DisposeAsync();

    private EntityOptions<T> Layout<T>(EntityOptions<T> e)
        where T : class
        => Strategy switch
        {
            InheritanceStrategy.SingleTable => e.SingleTable(),
            InheritanceStrategy.JoinedTables => e.JoinedTables(),
            _ => e.TablePerConcreteType(),
        };
}

public sealed class TenantSingleTableFixture() : TenantHierarchyFixture(InheritanceStrategy.SingleTable);

public sealed class TenantJoinedTablesFixture() : TenantHierarchyFixture(InheritanceStrategy.JoinedTables);

public sealed class TenantTablePerConcreteTypeFixture() : TenantHierarchyFixture(InheritanceStrategy.TablePerConcreteType);
