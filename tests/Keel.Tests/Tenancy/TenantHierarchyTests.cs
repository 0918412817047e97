using Keel.Tests.Inheritance;

namespace Keel.Tests.Tenancy;

/// <summary>
/// A multi-tenant hierarchy keeps tenants apart in every table of its layout. Each test stores rows of two tenants
/// under the same key, so a join, union or write that forgot the tenant would mix them.
/// </summary>
public abstract class TenantHierarchyTests(TenantHierarchyFixture fixture)
{
    private Repository<Content, Guid> Contents => new(fixture.Keel);

    private Repository<Article, Guid> Articles => new(fixture.Keel);

    private Repository<Asset, Guid> Assets => new(fixture.Keel);

    [Fact]
    public async Task Polymorphic_and_subtype_reads_see_the_tenants_rows_only()
    {
        var (a, b) = TenancyData.Tenants();
        var id = Guid.CreateVersion7();
        await Contents.ForTenant(a).InsertAsync(Article(id, "A's article", "a-body"));
        await Contents.ForTenant(b).InsertAsync(Article(id, "B's article", "b-body"));
        await Contents.ForTenant(b).InsertAsync(new Video { Title = "B's video", VideoUrl = "https://v/b" });

        var ours = Assert.IsType<Article>(await Contents.ForTenant(a).FindAsync(id));
        Assert.Equal(("A's article", "a-body"), (ours.Title, ours.Body));
        Assert.Equal("b-body", (await Articles.ForTenant(b).FindAsync(id))!.Body);
        Assert.Equal(["A's article"], (await Contents.ForTenant(a).Query().ToListAsync()).Select(c => c.Title));
        Assert.Equal(["a-body"], (await Contents.ForTenant(a).Query().OfType<Article>().ToListAsync()).Select(c => c.Body));
        Assert.Equal(2, await Contents.ForTenant(b).CountAsync());
        Assert.Equal(1, await Articles.ForTenant(b).CountAsync());
        Assert.Equal([id], (await Contents.ForTenant(a).FindManyAsync([id])).Select(c => c.Id));
        Assert.Equal(["b-body"], await Articles.ForTenant(b).Query().SelectAsync(x => x.Body));
    }

    [Fact]
    public async Task Writes_through_the_root_or_a_subtype_change_the_tenants_rows_only()
    {
        var (a, b) = TenancyData.Tenants();
        var id = Guid.CreateVersion7();
        var ours = (Article)await Contents.ForTenant(a).InsertAsync(Article(id, "A", "a-body"));
        var theirs = await Articles.ForTenant(b).InsertAsync(Article(id, "B", "b-body"));

        theirs.Body = "b-body 2";
        var updated = Assert.IsType<Article>(await Contents.ForTenant(b).UpdateAsync(theirs));
        Assert.Equal(("b-body 2", 2), (updated.Body, updated.Version));
        ours.Body = "hijacked";
        await Assert.ThrowsAsync<EntityNotFoundException>(() => Contents.ForTenant(Guid.NewGuid().ToString()).UpdateAsync(ours));
        Assert.True(await Articles.ForTenant(b).DeleteAsync(id));

        var kept = Assert.IsType<Article>(await Contents.ForTenant(a).FindAsync(id));
        Assert.Equal(("a-body", 1), (kept.Body, kept.Version));
        Assert.Null(await Contents.ForTenant(b).FindAsync(id));
        Assert.True(await Contents.ForTenant(a).DeleteAsync(id));
        Assert.Null(await Contents.ForTenant(a).FindAsync(id));
    }

    [Fact]
    public async Task A_hierarchy_that_declares_its_tenant_reads_it_back_and_keeps_tenants_apart()
    {
        var (a, b) = TenancyData.Tenants();
        var id = Guid.CreateVersion7();
        var ours = await Assets.ForTenant(a).InsertAsync(new Photo { Id = id, Name = "A", Width = 640 });
        await Assets.ForTenant(b).InsertAsync(new Photo { Id = id, Name = "B", Width = 1024 });

        Assert.Equal(a, ours.TenantId);
        var read = Assert.IsType<Photo>(await Assets.ForTenant(a).FindAsync(id));
        Assert.Equal((a, 640), (read.TenantId, read.Width));
        read.Width = 800;
        Assert.Equal(800, ((Photo)await Assets.ForTenant(a).UpdateAsync(read)).Width);
        Assert.True(await Assets.ForTenant(b).DeleteAsync(id));
        Assert.Equal(800, ((Photo)(await Assets.ForTenant(a).FindAsync(id))!).Width);
        await Assert.ThrowsAsync<ArgumentException>(() => Assets.ForTenant(b).InsertAsync(new Clip { TenantId = a, Name = "wrong", Seconds = 1 }));
        Assert.Equal(0, await Assets.ForTenant(b).CountAsync());
        await Assert.ThrowsAsync<TenantRequiredException>(() => Assets.CountAsync());
        await Assert.ThrowsAsync<TenantRequiredException>(() => Contents.InsertAsync(Article(Guid.Empty, "none", "x")));
    }

    [Fact]
    public async Task An_include_into_a_subtype_reads_the_tenants_rows_only()
    {
        var (a, b) = TenancyData.Tenants();
        var (albumId, photoId) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        var albums = new Repository<Album, Guid>(fixture.Keel);
        await albums.ForTenant(a).InsertAsync(new Album { Id = albumId, Title = "A's" });
        await albums.ForTenant(b).InsertAsync(new Album { Id = albumId, Title = "B's" });
        await Assets.ForTenant(a).InsertAsync(new Photo { Id = photoId, Name = "a-photo", Width = 1, AlbumId = albumId });
        await Assets.ForTenant(b).InsertAsync(new Photo { Id = photoId, Name = "b-photo", Width = 2, AlbumId = albumId });

        using var counter = new Keel.Tests.Repositories.CommandCounter();
        var album = Assert.Single(await albums.ForTenant(a).Query().Include(x => x.Photos).ToListAsync());

        Assert.Equal(2, counter.Count);
        Assert.Equal(("a-photo", 1, a), (Assert.Single(album.Photos).Name, album.Photos[0].Width, album.Photos[0].TenantId));
    }

    [Fact]
    public async Task A_subtype_of_a_subtype_keeps_tenants_apart_in_every_table_of_its_chain()
    {
        var (a, b) = TenancyData.Tenants();
        var id = Guid.CreateVersion7();
        var featured = new Repository<FeaturedArticle, Guid>(fixture.Keel);
        await featured.ForTenant(a).InsertAsync(Featured(id, "A", 1));
        var theirs = await featured.ForTenant(b).InsertAsync(Featured(id, "B", 2));

        theirs.Headline = "B headline 2";
        theirs.Body = "b-body 2";
        await Articles.ForTenant(b).UpdateAsync(theirs);

        var ours = Assert.IsType<FeaturedArticle>(await Contents.ForTenant(a).FindAsync(id));
        Assert.Equal(("A headline", "A-body", 1, 1), (ours.Headline, ours.Body, ours.Priority, ours.Version));
        var updated = Assert.IsType<FeaturedArticle>(await Articles.ForTenant(b).FindAsync(id));
        Assert.Equal(("B headline 2", "b-body 2", 2), (updated.Headline, updated.Body, updated.Version));
        Assert.Equal(["A headline"], (await Contents.ForTenant(a).Query().OfType<FeaturedArticle>().ToListAsync()).Select(f => f.Headline));
        Assert.True(await featured.ForTenant(b).DeleteAsync(id));
        Assert.Null(await featured.ForTenant(b).FindAsync(id));
        Assert.Equal("A headline", (await featured.ForTenant(a).FindAsync(id))!.Headline);
    }

    private static FeaturedArticle Featured(Guid id, string name, int priority)
        => new() { Id = id, Title = name, Body = name + "-body", Author = "ann", Headline = name + " headline", Priority = priority };

    private static Article Article(Guid id, string title, string body) => new() { Id = id, Title = title, Body = body, Author = "ann" };
}

public sealed class TenantSingleTableTests(TenantSingleTableFixture fixture) : TenantHierarchyTests(fixture), IClassFixture<TenantSingleTableFixture>;

public sealed class TenantJoinedTablesTests(TenantJoinedTablesFixture fixture) : TenantHierarchyTests(fixture), IClassFixture<TenantJoinedTablesFixture>;

public sealed class TenantTablePerConcreteTypeTests(TenantTablePerConcreteTypeFixture fixture) : TenantHierarchyTests(fixture), IClassFixture<TenantTablePerConcreteTypeFixture>;
