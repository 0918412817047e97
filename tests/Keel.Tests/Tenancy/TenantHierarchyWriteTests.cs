using Keel.Tests.Inheritance;

namespace Keel.Tests.Tenancy;

/// <summary>
/// Set-based writes, restores, upserts and bulk loads through a multi-tenant hierarchy change the tenant's rows only,
/// in every table of the layout, while another tenant holds a row under the same key.
/// </summary>
public abstract class TenantHierarchyWriteTests(TenantHierarchyFixture fixture)
{
    private Repository<Asset, Guid> Assets => new(fixture.Keel);

    private Repository<Photo, Guid> Photos => new(fixture.Keel);

    [Fact]
    public async Task Set_based_writes_and_restores_change_the_tenants_row_only()
    {
        var (a, b) = TenancyData.Tenants();
        var id = Guid.CreateVersion7();
        await Assets.ForTenant(a).InsertAsync(new Photo { Id = id, Name = "A", Width = 1 });
        await Assets.ForTenant(b).InsertAsync(new Photo { Id = id, Name = "B", Width = 2 });

        Assert.Equal(1, await Photos.ForTenant(a).ExecuteUpdateAsync(p => p.Id == id, s => s.Increment(p => p.Width, 10).Set(p => p.Name, "A2")));
        Assert.Equal(1, await Assets.ForTenant(a).ExecuteUpdateAsync(x => x.Id == id, s => s.Set(x => x.Name, "A3")));
        Assert.IsType<Photo>(await Assets.ForTenant(a).UpdateAsync(id, s => s.Set(x => x.Name, "A4")));
        var ours = await Photos.ForTenant(a).UpdateAsync(id, s => s.Increment(p => p.Width, 1));
        Assert.True(await Photos.ForTenant(a).DeleteAsync(id));
        Assert.False(await Photos.ForTenant(b).RestoreAsync(id));
        Assert.True(await Assets.ForTenant(a).RestoreAsync(id));

        Assert.Equal(("A4", 12, 5, a), (ours.Name, ours.Width, ours.Version, ours.TenantId));
        Assert.Equal(7, (await Assets.ForTenant(a).FindAsync(id))!.Version);
        var theirs = Assert.IsType<Photo>(await Assets.ForTenant(b).FindAsync(id));
        Assert.Equal(("B", 2, 1), (theirs.Name, theirs.Width, theirs.Version));
    }

    [Fact]
    public async Task Upserts_and_bulk_loads_write_the_tenants_rows_under_a_key_another_tenant_uses()
    {
        var (a, b) = TenancyData.Tenants();
        var id = Guid.CreateVersion7();
        await Assets.ForTenant(a).InsertAsync(new Photo { Id = id, Name = "A", Width = 1 });

        var inserted = Assert.IsType<Photo>(await Assets.ForTenant(b).UpsertAsync(new Photo { Id = id, Name = "B", Width = 2 }));
        var updated = await Photos.ForTenant(b).UpsertAsync(new Photo { Id = id, Name = "B2", Width = 20 });
        var fresh = Guid.CreateVersion7();
        Assert.Equal(2, await Assets.ForTenant(a).BulkInsertAsync([new Photo { Id = fresh, Name = "bulk-a", Width = 3 }, new Clip { Name = "bulk-clip", Seconds = 4 }]));
        Assert.Equal(1, await Photos.ForTenant(b).BulkInsertAsync([new Photo { Id = fresh, Name = "bulk-b", Width = 5 }]));

        Assert.Equal((1, b), (inserted.Version, inserted.TenantId));
        Assert.Equal(("B2", 20, 2), (updated.Name, updated.Width, updated.Version));
        Assert.Equal(("A", 1), ((await Photos.ForTenant(a).FindAsync(id))!.Name, (await Photos.ForTenant(a).FindAsync(id))!.Width));
        var ours = Assert.IsType<Photo>(await Assets.ForTenant(a).FindAsync(fresh));
        Assert.Equal((3, a), (ours.Width, ours.TenantId));
        Assert.Equal((5, b), ((await Photos.ForTenant(b).FindAsync(fresh))!.Width, (await Photos.ForTenant(b).FindAsync(fresh))!.TenantId));
        Assert.Equal(2, await Assets.ForTenant(a).CountAsync(x => x.Name.StartsWith("bulk")));
    }

    [Fact]
    public async Task A_tenant_column_no_property_maps_is_carried_through_every_table_of_a_chain()
    {
        var (a, b) = TenancyData.Tenants();
        var id = Guid.CreateVersion7();
        var featured = new Repository<FeaturedArticle, Guid>(fixture.Keel);
        await featured.ForTenant(a).BulkInsertAsync([Featured(id, "A")]);
        await featured.ForTenant(b).BulkInsertAsync([Featured(id, "B")]);

        Assert.Equal(1, await featured.ForTenant(a).ExecuteUpdateAsync(f => f.Id == id, s => s.Increment(f => f.Priority, 1).Set(f => f.Body, "A2")));
        var ours = Assert.IsType<FeaturedArticle>(await new Repository<Article, Guid>(fixture.Keel).ForTenant(a).UpdateAsync(id, s => s.Increment(x => x.ReadCount, 1)));

        Assert.Equal(("A2", 2, 1, 3), (ours.Body, ours.Priority, ours.ReadCount, ours.Version));
        var theirs = (await featured.ForTenant(b).FindAsync(id))!;
        Assert.Equal(("B", 1, 0, 1), (theirs.Body, theirs.Priority, theirs.ReadCount, theirs.Version));
    }

    [Fact]
    public async Task A_bulk_load_with_an_entity_of_another_tenant_throws_ArgumentException_and_writes_nothing()
    {
        var (a, b) = TenancyData.Tenants();

        await Assert.ThrowsAsync<ArgumentException>(() => Assets.ForTenant(b).BulkInsertAsync([new Clip { Name = "mine", Seconds = 1 }, new Photo { TenantId = a, Name = "theirs", Width = 1 }]));

        Assert.Equal(0, await Assets.ForTenant(b).CountAsync());
        Assert.Equal(0, await Assets.ForTenant(a).CountAsync());
    }

    private static FeaturedArticle Featured(Guid id, string body) => new() { Id = id, Title = "t", Body = body, Author = "ann", Headline = "h", Priority = 1 };
}

public sealed class TenantSingleTableWriteTests(TenantSingleTableFixture fixture) : TenantHierarchyWriteTests(fixture), IClassFixture<TenantSingleTableFixture>;

public sealed class TenantJoinedTablesWriteTests(TenantJoinedTablesFixture fixture) : TenantHierarchyWriteTests(fixture), IClassFixture<TenantJoinedTablesFixture>;

public sealed class TenantTablePerConcreteTypeWriteTests(TenantTablePerConcreteTypeFixture fixture) : TenantHierarchyWriteTests(fixture), IClassFixture<TenantTablePerConcreteTypeFixture>;
