namespace Keel.Tests.Documents;

public sealed class TenancyTests(CarsFixture db) : IClassFixture<CarsFixture>
{
    private readonly DriverRepository _drivers = new(db.Keel);

    [Fact]
    public async Task Another_tenants_document_is_invisible_to_every_operation()
    {
        var acme = _drivers.ForTenant("acme");
        var globex = _drivers.ForTenant("globex");
        await acme.InsertAsync(new Driver { Id = "shared-id", Email = "x@acme.test", Name = "Acme driver" });
        // The same id in another tenant is a different document.
        await globex.InsertAsync(new Driver { Id = "shared-id", Email = "x@globex.test", Name = "Globex driver" });
        await acme.InsertAsync(new Driver { Id = "acme-only", Email = "only@acme.test", Name = "Only" });

        Assert.Null(await globex.LoadAsync("acme-only"));
        Assert.False(await globex.ExistsAsync("acme-only"));
        Assert.Empty(await globex.LoadManyAsync(["acme-only"]));
        Assert.Empty(await globex.Query().Where(d => d.Name == "Only").ToListAsync());
        Assert.Equal(1, await globex.CountAsync());
        await Assert.ThrowsAsync<DocumentNotFoundException>(() => globex.UpdateAsync(new Driver { Id = "acme-only", Email = "hijack@globex.test", Name = "Hijacked" }, 1));
        await Assert.ThrowsAsync<DocumentNotFoundException>(() => globex.PatchAsync("acme-only", p => p.Set(d => d.Name, "Hijacked")));
        Assert.False(await globex.DeleteAsync("acme-only"));
        Assert.Equal("Only", (await acme.LoadAsync("acme-only"))!.Name);
        Assert.Equal("Acme driver", (await acme.LoadAsync("shared-id"))!.Name);
        Assert.Equal("Globex driver", (await globex.LoadAsync("shared-id"))!.Name);
    }

    [Fact]
    public async Task A_session_opened_for_a_tenant_confines_bound_repositories()
    {
        await _drivers.ForTenant("initech").InsertAsync(new Driver { Id = "i-1", Email = "p@initech.test", Name = "Peter" });
        await using var session = await db.Keel.OpenSessionAsync("initech");
        Assert.Equal("Peter", (await _drivers.In(session).LoadAsync("i-1"))!.Name);
        await using var other = await db.Keel.OpenSessionAsync("umbrella");
        Assert.Null(await _drivers.In(other).LoadAsync("i-1"));
    }

    [Fact]
    public async Task Multi_tenant_documents_without_a_tenant_are_refused()
    {
        await Assert.ThrowsAsync<TenantRequiredException>(() => _drivers.LoadAsync("anything"));
        await Assert.ThrowsAsync<TenantRequiredException>(() => _drivers.InsertAsync(new Driver { Id = "no-tenant", Email = "n@t.test", Name = "N" }));
        await using var s = await db.Keel.OpenSessionAsync();
        Assert.Equal(0L, await s.ScalarAsync<long>($"SELECT count(*) FROM drivers WHERE id = 'no-tenant'"));
        await Assert.ThrowsAsync<ArgumentException>(() => db.Keel.OpenSessionAsync("  ").AsTask());
    }
}
