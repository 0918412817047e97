namespace Keel.Tests.Caching;

public sealed class CachedDocumentRepositoryTests(MembersFixture db) : IClassFixture<MembersFixture>
{
    [Fact]
    public async Task Loads_by_id_are_served_from_the_cache()
    {
        await using var cache = db.NewCache();
        var members = new DocumentRepository<Member>(db.Keel).Cached(cache);
        var id = (await members.InsertAsync(new Member { Name = "Ada" })).Document.Id;
        Assert.Equal("Ada", (await members.LoadAsync(id))!.Name);
        await db.RenameInDatabaseAsync(id, "changed behind the cache");
        Assert.Equal("Ada", (await members.LoadAsync(id))!.Name);
        await members.InvalidateAsync(id);
        Assert.Equal("changed behind the cache", (await members.LoadAsync(id))!.Name);
    }

    [Fact]
    public async Task A_missing_document_is_cached_as_missing_until_a_write_through_the_view()
    {
        await using var cache = db.NewCache();
        var members = new DocumentRepository<Member>(db.Keel).Cached(cache);
        var id = Guid.CreateVersion7();
        Assert.Null(await members.LoadAsync(id));
        await members.InsertAsync(new Member { Id = id, Name = "late" });
        Assert.Equal("late", (await members.LoadAsync(id))!.Name);
    }

    [Fact]
    public async Task Unbound_writes_invalidate_at_once()
    {
        await using var cache = db.NewCache();
        var members = new DocumentRepository<Member>(db.Keel).Cached(cache);
        var stored = await members.InsertAsync(new Member { Name = "v1" });
        var id = stored.Document.Id;
        await members.LoadAsync(id);
        stored = await members.UpdateAsync(stored with { Document = stored.Document with { Name = "v2" } });
        Assert.Equal("v2", (await members.LoadAsync(id))!.Name);
        await members.PatchAsync(id, p => p.Set(m => m.Name, "v3"));
        Assert.Equal("v3", (await members.LoadAsync(id))!.Name);
        await members.UpsertAsync((await members.LoadAsync(id))! with { Name = "v4" });
        Assert.Equal("v4", (await members.LoadAsync(id))!.Name);
        Assert.True(await members.DeleteAsync(id));
        Assert.Null(await members.LoadAsync(id));
    }

    [Fact]
    public async Task Write_through_stores_the_written_document_in_L1_and_L2()
    {
        await using var cache = db.NewCache();
        var members = new DocumentRepository<Member>(db.Keel).Cached(cache, CachedRepositoryOptions.Default with { WriteThrough = true });
        var id = (await members.InsertAsync(new Member { Name = "written" })).Document.Id;
        var cached = await cache.TryGetAsync<Member>(members.KeyFor(id));
        Assert.True(cached.Found);
        Assert.Equal("written", cached.Value!.Name);
        await db.RenameInDatabaseAsync(id, "not read");
        Assert.Equal("written", (await members.LoadAsync(id))!.Name);
    }

    [Fact]
    public async Task A_failed_write_leaves_the_cache_alone()
    {
        await using var cache = db.NewCache();
        var members = new DocumentRepository<Member>(db.Keel).Cached(cache);
        var stored = await members.InsertAsync(new Member { Name = "v1" });
        await members.LoadAsync(stored.Document.Id);
        await Assert.ThrowsAsync<ConcurrencyException>(() => members.UpdateAsync(stored.Document with { Name = "stale" }, expectedVersion: 7));
        Assert.True((await cache.TryGetAsync<Member>(members.KeyFor(stored.Document.Id))).Found);
        Assert.Equal("v1", (await members.LoadAsync(stored.Document.Id))!.Name);
    }

    [Fact]
    public async Task Named_queries_are_cached_by_name_and_arguments_and_invalidated_by_any_write()
    {
        await using var cache = db.NewCache();
        var members = new DocumentRepository<Member>(db.Keel).Cached(cache);
        var city = CacheTestKit.Unique("city");
        await members.InsertAsync(new Member { Name = "a", City = city });
        var runs = 0;
        Task<IReadOnlyList<Member>> ByCity(DocumentRepository<Member, Guid> r, CancellationToken ct)
        {
            runs++;
            return r.Query().Where(m => m.City == city).ToListAsync(ct);
        }

        Assert.Single(await members.QueryAsync("by-city", [city], ByCity));
        Assert.Single(await members.QueryAsync("by-city", [city], ByCity));
        Assert.Equal(1, runs);
        await members.InsertAsync(new Member { Name = "b", City = city });
        Assert.Equal(2, (await members.QueryAsync("by-city", [city], ByCity)).Count);
        Assert.Equal(2, runs);
    }

    [Fact]
    public async Task A_writes_row_tag_invalidates_the_users_own_related_entries()
    {
        await using var cache = db.NewCache();
        var members = new DocumentRepository<Member>(db.Keel).Cached(cache);
        var stored = await members.InsertAsync(new Member { Name = "tagged" });
        var id = stored.Document.Id;
        await cache.SetAsync("member:" + id + ":badges", new Profile(1, "badges"), CacheEntryOptions.Default.WithTags(members.TagFor(id)));
        await members.UpdateAsync(stored with { Document = stored.Document with { Name = "renamed" } });
        Assert.False((await cache.TryGetAsync<Profile>("member:" + id + ":badges")).Found);
    }

    [Fact]
    public async Task Warming_from_a_query_preloads_L2_for_other_nodes()
    {
        var prefix = CacheTestKit.Unique("warm") + ":";
        await using var warmer = db.NewCache(prefix);
        await using var node = db.NewCache(prefix);
        var city = CacheTestKit.Unique("warmcity");
        var plain = new DocumentRepository<Member>(db.Keel);
        for (var i = 0; i < 120; i++)
            await plain.InsertAsync(new Member { Name = "m" + i, City = city, Visits = i });
        var warmed = await plain.Cached(warmer).WarmAsync((r, ct) => r.Query().Where(m => m.City == city).OrderByDescending(m => m.Visits).Take(100).ToListAsync(ct));
        Assert.Equal(100, warmed);

        var popular = await plain.Query().Where(m => m.City == city).OrderByDescending(m => m.Visits).Take(100).ToListAsync();
        foreach (var member in popular)
            await db.RenameInDatabaseAsync(member.Id, "not read");
        var view = plain.Cached(node);
        foreach (var member in popular)
            Assert.Equal(member.Name, (await view.LoadAsync(member.Id))!.Name);
    }

    [Fact]
    public async Task Keys_and_tags_name_the_table_and_id()
    {
        await using var cache = db.NewCache();
        var members = new DocumentRepository<Member>(db.Keel).Cached(cache);
        var id = Guid.Parse("0190d6e4-0000-7000-8000-000000000001");
        Assert.Equal("row:public.members:" + id, members.KeyFor(id));
        Assert.Equal("public.members:" + id, members.TagFor(id));
        Assert.Equal("public.members", members.TableTag);
    }
}
