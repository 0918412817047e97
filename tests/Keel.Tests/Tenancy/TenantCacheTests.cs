using Keel.Tests.Caching;
using Keel.Tests.Repositories;

namespace Keel.Tests.Tenancy;

/// <summary>A cached view of a multi-tenant repository keys every entry by tenant, so tenants never see each other's cached rows.</summary>
public sealed class TenantCacheTests(TenancyFixture db) : IClassFixture<TenancyFixture>, IAsyncLifetime
{
    private readonly TenancyData _data = new(db.Keel);
    private PostgresDistributedCache _l2 = null!;

    public async Task InitializeAsync() => _l2 = await CacheTestKit.L2Async(db.Keel);

    public async Task DisposeAsync() => await _l2.DisposeAsync();

    [Fact]
    public async Task Each_tenant_reads_its_own_row_through_the_cache_under_the_same_key()
    {
        await using var cache = NewCache();
        var (a, b) = TenancyData.Tenants();
        var ann = await _data.AccountAsync(a, "Ann");
        await _data.MirrorAsync(b, ann, "Mirror");
        var (acme, globex) = (_data.Accounts.ForTenant(a).Cached(cache), _data.Accounts.Cached(cache).ForTenant(b));

        using (var counter = new CommandCounter())
        {
            Assert.Equal("Ann", (await acme.FindAsync(ann.Id))!.Name);
            Assert.Equal("Mirror", (await globex.FindAsync(ann.Id))!.Name);
            Assert.Equal("Ann", (await acme.FindAsync(ann.Id))!.Name);
            Assert.Equal("Mirror", (await globex.FindAsync(ann.Id))!.Name);
            Assert.Equal(["Ann"], (await acme.FindManyAsync([ann.Id])).Select(x => x.Name));
            Assert.Equal(2, AccountReads(counter));
        }

        Assert.Equal($"row:public.accounts@{a}:{ann.Id}", acme.KeyFor(ann.Id));
        Assert.Equal($"public.accounts@{b}", globex.TableTag);
        Assert.NotEqual(acme.TagFor(ann.Id), globex.TagFor(ann.Id));
    }

    [Fact]
    public async Task A_tenants_write_invalidates_its_own_entries_only()
    {
        await using var cache = NewCache();
        var (a, b) = TenancyData.Tenants();
        var ann = await _data.AccountAsync(a, "Ann");
        await _data.MirrorAsync(b, ann, "Mirror");
        var (acme, globex) = (_data.Accounts.ForTenant(a).Cached(cache), _data.Accounts.ForTenant(b).Cached(cache));
        Assert.Equal("Ann", (await acme.FindAsync(ann.Id))!.Name);
        Assert.Equal(1, await acme.QueryAsync("count", [], (r, ct) => r.CountAsync(ct)));

        await globex.UpdateAsync(ann.Id, s => s.Set(x => x.Name, "Mirror 2"));
        await globex.ExecuteUpdateAsync(x => x.IsActive, s => s.Set(x => x.Balance, 1m));

        Assert.True((await cache.TryGetAsync<Account>(acme.KeyFor(ann.Id))).Found);
        Assert.Equal("Mirror 2", (await globex.FindAsync(ann.Id))!.Name);
        Assert.Equal("Ann", (await acme.FindAsync(ann.Id))!.Name);
        Assert.Equal(0m, (await acme.FindAsync(ann.Id))!.Balance);
    }

    [Fact]
    public async Task A_tenants_session_names_the_tenant_of_a_bound_view()
    {
        await using var cache = NewCache();
        var (a, _) = TenancyData.Tenants();
        var ann = await _data.AccountAsync(a, "Ann");
        await using var session = await db.Keel.OpenSessionAsync(a);

        var bound = _data.Accounts.Cached(cache).In(session);
        Assert.Equal("Ann", (await bound.FindAsync(ann.Id))!.Name);
        Assert.Equal($"public.accounts@{a}", bound.TableTag);
    }

    [Fact]
    public async Task A_view_without_a_tenant_is_refused_before_touching_the_cache_or_the_database()
    {
        await using var cache = NewCache();
        var view = _data.Accounts.Cached(cache);

        using var counter = new CommandCounter();
        await Assert.ThrowsAsync<TenantRequiredException>(() => view.FindAsync(1));
        await Assert.ThrowsAsync<TenantRequiredException>(() => view.FindManyAsync([1, 2]));
        await Assert.ThrowsAsync<TenantRequiredException>(() => view.QueryAsync("all", [], (r, ct) => r.Query().ToListAsync(ct)));
        Assert.Throws<TenantRequiredException>(() => view.KeyFor(1));
        Assert.Equal(0, counter.Count);
        Assert.Equal("public.currencies", _data.Currencies.Cached(cache).TableTag);
    }

    [Fact]
    public void Tenant_ids_cannot_reach_into_another_tenants_keys()
    {
        Assert.Equal("public.t@a%3A1", RepositoryCacheKeysProbe.Table("a:1"));
        Assert.NotEqual(RepositoryCacheKeysProbe.Row("a", "1:2"), RepositoryCacheKeysProbe.Row("a:1", "2"));
        Assert.Equal("public.t@x%40y%25", RepositoryCacheKeysProbe.Table("x@y%"));
        Assert.Equal("public.t@acme", RepositoryCacheKeysProbe.Table("acme"));
    }

    private static int AccountReads(CommandCounter counter) => counter.Statements.Count(s => s.Contains("\"accounts\"", StringComparison.Ordinal));

    private KeelCache NewCache() => new(new KeelCacheOptions { Distributed = _l2, KeyPrefix = CacheTestKit.Unique("tenancy") + ":" });

    private static class RepositoryCacheKeysProbe
    {
        public static string Table(string tenant) => RepositoryCacheKeys.Table("public", "t", tenant);

        public static string Row(string tenant, string id) => RepositoryCacheKeys.Row(Table(tenant), id);
    }
}
