using Keel.Tests.Repositories;

namespace Keel.Tests.Inheritance.Nested;

/// <summary>What every layout must do with a subtype of a subtype; each derived class runs these against its own layout.</summary>
public abstract class NestedHierarchyTests(NestedHierarchyFixture fixture)
{
    protected NestedHierarchyFixture Fixture { get; } = fixture;

    protected Repository<Content, Guid> Contents => new(Fixture.Keel);

    protected Repository<Article, Guid> Articles => new(Fixture.Keel);

    protected Repository<FeaturedArticle, Guid> Featured => new(Fixture.Keel);

    protected Repository<Video, Guid> Videos => new(Fixture.Keel);

    /// <summary>What the nested subtype adds to the DDL of the layout (the rest is as in the flat hierarchy's tests).</summary>
    protected abstract string ExpectedNestedSchema { get; }

    /// <summary>Asserts that a statement of the featured articles' repository reads only what they need.</summary>
    protected abstract void AssertReadsFeaturedOnly(string sql);

    /// <summary>Asserts that a statement of the articles' repository reads articles and featured articles only.</summary>
    protected abstract void AssertReadsArticlesAndBelowOnly(string sql);

    protected static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    protected static Article NewArticle(string title) => new() { Title = title, Description = "d", Body = "body", Author = "ann", ReadCount = 3 };

    protected static FeaturedArticle NewFeatured(string title) => new() { Title = title, Description = "d", Body = "front", Author = "bob", ReadCount = 5, Headline = "Big news", Priority = 2 };

    protected static Video NewVideo(string title) => new() { Title = title, Description = "d", VideoUrl = "https://v/1", DurationSeconds = 90 };

    [Fact]
    public void Schema_lays_out_the_nested_subtypes_columns() => Assert.Contains(ExpectedNestedSchema, Fixture.Keel.Entities.SchemaSql, StringComparison.Ordinal);

    [Fact]
    public async Task Inserting_a_nested_subtype_through_any_ancestor_returns_it_whole_in_one_command()
    {
        foreach (var insert in new Func<FeaturedArticle, Task<Content>>[] { async f => await Contents.InsertAsync(f), async f => await Articles.InsertAsync(f), async f => await Featured.InsertAsync(f) })
        {
            using var counter = new CommandCounter();
            var stored = Assert.IsType<FeaturedArticle>(await insert(NewFeatured(Unique("ins"))));
            Assert.Equal(1, counter.Count);
            Assert.Equal((1, "front", "bob", 5, "Big news", 2), (stored.Version, stored.Body, stored.Author, stored.ReadCount, stored.Headline, stored.Priority));
            Assert.NotEqual(default, stored.CreatedAt);
            Assert.IsType<FeaturedArticle>(await Contents.FindAsync(stored.Id));
        }
    }

    [Fact]
    public async Task Polymorphic_queries_return_the_most_derived_type()
    {
        var prefix = Unique("poly");
        await Contents.InsertAsync(NewVideo(prefix + "-c"));
        await Contents.InsertAsync(NewFeatured(prefix + "-b"));
        await Contents.InsertAsync(NewArticle(prefix + "-a"));

        var all = await Contents.Query().Where(c => c.Title.StartsWith(prefix)).OrderBy(c => c.Title).ToListAsync();

        Assert.Equal([typeof(Article), typeof(FeaturedArticle), typeof(Video)], all.Select(c => c.GetType()));
        var featured = (FeaturedArticle)all[1];
        Assert.Equal(("front", "Big news"), (featured.Body, featured.Headline));
        Assert.Equal(90, ((Video)all[2]).DurationSeconds);
        Assert.Equal(3, await Contents.CountAsync(c => c.Title.StartsWith(prefix)));
    }

    [Fact]
    public async Task A_subtype_with_subtypes_reads_its_own_rows_and_those_below_it_only()
    {
        var prefix = Unique("mid");
        var article = await Contents.InsertAsync(NewArticle(prefix + "-a"));
        var featured = await Contents.InsertAsync(NewFeatured(prefix + "-b"));
        var video = await Contents.InsertAsync(NewVideo(prefix + "-c"));

        using var counter = new CommandCounter();
        var articles = await Articles.Query().Where(a => a.Title.StartsWith(prefix) && a.ReadCount > 1).OrderBy(a => a.Title).ToListAsync();
        AssertReadsArticlesAndBelowOnly(counter.Statements[0]);

        Assert.Equal([(article.Id, typeof(Article)), (featured.Id, typeof(FeaturedArticle))], articles.Select(a => (a.Id, a.GetType())));
        Assert.IsType<FeaturedArticle>(await Articles.FindAsync(featured.Id));
        Assert.Null(await Articles.FindAsync(video.Id));
        Assert.Equal(2, await Articles.CountAsync(a => a.Title.StartsWith(prefix)));
        Assert.Equal([typeof(Article), typeof(FeaturedArticle)], (await Articles.FindManyAsync([article.Id, featured.Id, video.Id])).Select(a => a.GetType()));
    }

    [Fact]
    public async Task OfType_narrows_to_a_subtype_with_the_types_below_it()
    {
        var prefix = Unique("oftype");
        var article = await Contents.InsertAsync(NewArticle(prefix + "-a"));
        var featured = await Contents.InsertAsync(NewFeatured(prefix + "-b"));
        await Contents.InsertAsync(NewVideo(prefix + "-c"));
        var query = Contents.Query().Where(c => c.Title.StartsWith(prefix)).OrderBy(c => c.Title);

        Assert.Equal([article.Id, featured.Id], (await query.OfType<Article>().ToListAsync()).Select(a => a.Id));
        Assert.Equal([featured.Id], (await query.OfType<FeaturedArticle>().ToListAsync()).Select(a => a.Id));
        Assert.Equal([featured.Id], (await Articles.Query().Where(a => a.Title.StartsWith(prefix)).OfType<FeaturedArticle>().Where(f => f.Priority > 1).ToListAsync()).Select(a => a.Id));
        Assert.Throws<InvalidOperationException>(() => Articles.Query().OfType<Article>());
    }

    [Fact]
    public async Task The_nested_subtypes_repository_reads_only_its_rows_and_what_it_needs()
    {
        var prefix = Unique("leaf");
        var article = await Contents.InsertAsync(NewArticle(prefix + "-a"));
        var featured = await Contents.InsertAsync(NewFeatured(prefix + "-b"));

        using var counter = new CommandCounter();
        var found = await Featured.Query().Where(f => f.Title.StartsWith(prefix) && f.ReadCount > 1).ToListAsync();
        Assert.Equal(featured.Id, Assert.Single(found).Id);
        Assert.Equal("front", found[0].Body);
        Assert.Null(await Featured.FindAsync(article.Id));
        Assert.Equal(2, counter.Count);
        foreach (var sql in counter.Statements)
            AssertReadsFeaturedOnly(sql);
    }

    [Fact]
    public async Task Updates_through_any_ancestor_write_every_level_and_check_the_version()
    {
        var featured = (FeaturedArticle)await Contents.InsertAsync(NewFeatured(Unique("upd")));
        featured.Title += "!";
        featured.Body = "new body";
        featured.Headline = "Bigger news";
        var updated = Assert.IsType<FeaturedArticle>(await Contents.UpdateAsync(featured));
        Assert.Equal((2, "new body", "Bigger news"), (updated.Version, updated.Body, updated.Headline));

        updated.ReadCount = 40;
        var again = Assert.IsType<FeaturedArticle>(await Articles.UpdateAsync(updated));
        again.Priority = 9;
        var last = await Featured.UpdateAsync(again);
        Assert.Equal((4, 40, 9, featured.Title), (last.Version, last.ReadCount, last.Priority, last.Title));

        featured.Headline = "stale";
        await Assert.ThrowsAsync<ConcurrencyException>(() => Articles.UpdateAsync(featured));
        var stored = await Featured.FindAsync(featured.Id);
        Assert.Equal((4, "Bigger news"), (stored!.Version, stored.Headline));

        var article = await Articles.InsertAsync(NewArticle(Unique("upd")));
        article.Body = "plain";
        Assert.Equal(("plain", 2), ((await Articles.UpdateAsync(article)).Body, (await Articles.FindAsync(article.Id))!.Version));
    }

    [Fact]
    public async Task Deletes_take_a_subtypes_rows_and_those_below_it_but_never_others()
    {
        var article = await Contents.InsertAsync(NewArticle(Unique("del")));
        var featured = await Contents.InsertAsync(NewFeatured(Unique("del")));
        var video = await Contents.InsertAsync(NewVideo(Unique("del")));

        Assert.False(await Featured.DeleteAsync(article.Id));
        Assert.False(await Articles.DeleteAsync(video.Id));
        Assert.False(await Videos.DeleteAsync(featured.Id));
        Assert.Equal(3, (await Contents.FindManyAsync([article.Id, featured.Id, video.Id])).Count);

        Assert.True(await Articles.DeleteAsync(featured.Id));
        Assert.Null(await Contents.FindAsync(featured.Id));
        Assert.True(await Contents.DeleteAsync(article.Id));
        Assert.Null(await Articles.FindAsync(article.Id));
        Assert.NotNull(await Videos.FindAsync(video.Id));
    }

    [Fact]
    public async Task ExecuteDelete_through_a_subtype_with_subtypes_deletes_its_subtree_only()
    {
        var prefix = Unique("bulk");
        await Contents.InsertAsync(NewArticle(prefix + "-a"));
        await Contents.InsertAsync(NewFeatured(prefix + "-b"));
        await Contents.InsertAsync(NewVideo(prefix + "-c"));

        Assert.Equal(2, await Articles.ExecuteDeleteAsync(a => a.Title.StartsWith(prefix)));

        Assert.Equal([typeof(Video)], (await Contents.Query().Where(c => c.Title.StartsWith(prefix)).ToListAsync()).Select(c => c.GetType()));
    }

    [Fact]
    public async Task A_subtype_with_subtypes_bulk_loads_upserts_and_updates_each_entity_as_its_own_type()
    {
        var prefix = Unique("writes");
        Assert.Equal(3, await Articles.BulkInsertAsync([NewArticle(prefix + "-a"), NewFeatured(prefix + "-f"), NewFeatured(prefix + "-g")]));
        var loaded = await Articles.Query().Where(a => a.Title.StartsWith(prefix)).OrderBy(a => a.Title).ToListAsync();
        Assert.Equal([typeof(Article), typeof(FeaturedArticle), typeof(FeaturedArticle)], loaded.Select(a => a.GetType()));
        var featured = (FeaturedArticle)loaded[1];
        Assert.Equal(("Big news", 2, "front"), (featured.Headline, featured.Priority, featured.Body));

        featured.Headline = "Bigger";
        var upserted = Assert.IsType<FeaturedArticle>(await Articles.UpsertAsync(featured));
        loaded[0].Body = "new";
        var article = Assert.IsType<Article>(await Articles.UpsertAsync(loaded[0]));
        Assert.Equal(("Bigger", 2), (upserted.Headline, upserted.Version));
        Assert.Equal(("new", 2), (article.Body, article.Version));

        // Through the middle of the tree an update reaches the rows below; through the leaf it reaches every level.
        Assert.Equal(3, await Articles.ExecuteUpdateAsync(a => a.Title.StartsWith(prefix), s => s.Increment(a => a.ReadCount, 10)));
        using var counter = new CommandCounter();
        Assert.Equal(2, await Featured.ExecuteUpdateAsync(f => f.Title.StartsWith(prefix) && f.Priority == 2, s => s.Set(f => f.Description, "top").Increment(f => f.ReadCount, 1).Increment(f => f.Priority, 1)));
        var changed = Assert.IsType<FeaturedArticle>(await Articles.UpdateAsync(featured.Id, s => s.Set(a => a.Author, "cy")));
        Assert.Equal(2, counter.Count);
        Assert.Equal(("top", 16, 3, "cy", "Bigger", 5), (changed.Description, changed.ReadCount, changed.Priority, changed.Author, changed.Headline, changed.Version));
        Assert.Equal((13, 3), ((await Articles.FindAsync(article.Id))!.ReadCount, (await Articles.FindAsync(article.Id))!.Version));
    }
}
