using Keel.Tests.Repositories;

namespace Keel.Tests.Inheritance;

/// <summary>What every inheritance strategy must do; each derived class runs these against its own layout.</summary>
public abstract class InheritanceTests(HierarchyFixture fixture)
{
    protected HierarchyFixture Fixture { get; } = fixture;

    protected Repository<Content, Guid> Contents => new(Fixture.Keel);

    protected Repository<Article, Guid> Articles => new(Fixture.Keel);

    protected Repository<Video, Guid> Videos => new(Fixture.Keel);

    /// <summary>Asserts that a statement of the articles repository reads only what articles need.</summary>
    protected abstract void AssertReadsArticlesOnly(string sql);

    protected static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    protected static Article NewArticle(string title) => new() { Title = title, Description = "d", Body = "body", Author = "ann", ReadCount = 3 };

    protected static Video NewVideo(string title) => new() { Title = title, Description = "d", VideoUrl = "https://v/1", DurationSeconds = 90, Resolution = "1080p" };

    [Fact]
    public void Schema_lays_out_the_strategys_tables() => Assert.Equal(ExpectedSchema, Fixture.Keel.Entities.SchemaSql);

    /// <summary>The DDL the model gives for this strategy.</summary>
    protected abstract string ExpectedSchema { get; }

    [Fact]
    public async Task Insert_through_the_base_returns_the_stored_subtype_with_key_version_and_timestamp()
    {
        var stored = await Contents.InsertAsync(NewArticle(Unique("ins")));
        var article = Assert.IsType<Article>(stored);
        Assert.NotEqual(Guid.Empty, article.Id);
        Assert.Equal(1, article.Version);
        Assert.NotEqual(default, article.CreatedAt);
        Assert.Equal(("body", "ann", 3), (article.Body, article.Author, article.ReadCount));

        var video = await Videos.InsertAsync(NewVideo(Unique("ins")));
        Assert.Equal(("https://v/1", 90, "1080p"), (video.VideoUrl, video.DurationSeconds, video.Resolution));
        Assert.IsType<Video>(await Contents.FindAsync(video.Id));
        Assert.IsType<Article>(await Contents.FindAsync(article.Id));
    }

    [Fact]
    public async Task Polymorphic_queries_filter_order_page_and_count_and_return_the_concrete_types()
    {
        var prefix = Unique("poly");
        await Contents.InsertAsync(NewVideo(prefix + "-b"));
        await Contents.InsertAsync(NewArticle(prefix + "-a"));
        await Contents.InsertAsync(NewVideo(prefix + "-c"));
        var query = Contents.Query().Where(c => c.Title.StartsWith(prefix)).OrderBy(c => c.Title);

        var all = await query.ToListAsync();
        Assert.Equal([typeof(Article), typeof(Video), typeof(Video)], all.Select(c => c.GetType()));
        Assert.Equal("body", ((Article)all[0]).Body);
        Assert.Equal(90, ((Video)all[2]).DurationSeconds);
        Assert.Equal(prefix + "-b", Assert.IsType<Video>(Assert.Single(await query.Skip(1).Take(1).ToListAsync())).Title);
        Assert.Equal(3, await query.CountAsync());
        Assert.True(await Contents.ExistsAsync(c => c.Title == prefix + "-a"));

        var first = await query.ToPageAsync(2);
        var second = await query.ToPageAsync(2, first.NextCursor);
        Assert.Equal([prefix + "-a", prefix + "-b", prefix + "-c"], first.Items.Concat(second.Items).Select(c => c.Title));

        var found = await Contents.FindManyAsync([all[2].Id, all[0].Id]);
        Assert.Equal([typeof(Video), typeof(Article)], found.Select(c => c.GetType()));
    }

    [Fact]
    public async Task Subtype_repository_reads_only_its_rows_and_only_the_tables_it_needs()
    {
        var prefix = Unique("sub");
        var article = await Contents.InsertAsync(NewArticle(prefix + "-a"));
        var video = await Contents.InsertAsync(NewVideo(prefix + "-v"));

        using var counter = new CommandCounter();
        var articles = await Articles.Query().Where(a => a.Title.StartsWith(prefix) && a.ReadCount > 1).OrderByDescending(a => a.CreatedAt).ToListAsync();
        Assert.Equal(article.Id, Assert.Single(articles).Id);
        Assert.Null(await Articles.FindAsync(video.Id));
        Assert.Equal(1, await Articles.CountAsync(a => a.Title.StartsWith(prefix)));
        Assert.Equal(3, counter.Count);
        foreach (var sql in counter.Statements)
            AssertReadsArticlesOnly(sql);
    }

    [Fact]
    public async Task OfType_narrows_a_polymorphic_query_to_one_subtype()
    {
        var prefix = Unique("oftype");
        await Contents.InsertAsync(NewArticle(prefix + "-a"));
        var video = await Contents.InsertAsync(NewVideo(prefix + "-v"));
        using var counter = new CommandCounter();
        var videos = await Contents.Query().Where(c => c.Title.StartsWith(prefix)).OfType<Video>().Where(v => v.DurationSeconds > 10).ToListAsync();
        Assert.Equal(video.Id, Assert.Single(videos).Id);
        Assert.DoesNotContain("articles", counter.Statements[0], StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => Articles.Query().OfType<Article>());
    }

    [Fact]
    public async Task Update_through_base_or_subtype_writes_every_column_and_checks_the_version()
    {
        var article = (Article)await Contents.InsertAsync(NewArticle(Unique("upd")));
        article.Title += "!";
        article.Body = "new body";
        var updated = Assert.IsType<Article>(await Contents.UpdateAsync(article));
        Assert.Equal((2, "new body"), (updated.Version, updated.Body));

        updated.ReadCount = 40;
        var again = await Articles.UpdateAsync(updated);
        Assert.Equal((3, 40, article.Title), (again.Version, again.ReadCount, again.Title));

        article.Body = "stale";
        await Assert.ThrowsAsync<ConcurrencyException>(() => Contents.UpdateAsync(article));
        var stored = await Articles.FindAsync(article.Id);
        Assert.Equal((3, "new body"), (stored!.Version, stored.Body));
    }

    [Fact]
    public async Task Delete_through_the_base_removes_any_subtype_and_a_subtype_repository_only_its_own()
    {
        var article = await Contents.InsertAsync(NewArticle(Unique("del")));
        var video = await Contents.InsertAsync(NewVideo(Unique("del")));
        Assert.False(await Articles.DeleteAsync(video.Id));
        Assert.NotNull(await Contents.FindAsync(video.Id));

        Assert.True(await Contents.DeleteAsync(video.Id));
        Assert.Null(await Videos.FindAsync(video.Id));
        Assert.True(await Articles.DeleteAsync((Article)article));
        Assert.Null(await Contents.FindAsync(article.Id));
        Assert.False(await Contents.DeleteAsync(article.Id));
    }

    [Fact]
    public async Task ExecuteDelete_by_a_base_predicate_deletes_matching_rows_of_every_subtype()
    {
        var prefix = Unique("bulkdel");
        await Contents.InsertAsync(NewArticle(prefix + "-a"));
        await Contents.InsertAsync(NewVideo(prefix + "-v"));
        var keep = await Contents.InsertAsync(NewVideo(Unique("keep")));
        Assert.Equal(2, await Contents.ExecuteDeleteAsync(c => c.Title.StartsWith(prefix)));
        Assert.Equal(0, await Contents.CountAsync(c => c.Title.StartsWith(prefix)));
        Assert.NotNull(await Contents.FindAsync(keep.Id));
    }

    [Fact]
    public async Task Inserting_a_type_that_is_not_a_mapped_subtype_is_refused_and_writes_nothing()
    {
        var title = Unique("podcast");
        await Assert.ThrowsAsync<ArgumentException>(() => Contents.InsertAsync(new Podcast { Title = title }));
        Assert.Equal(0, await Contents.CountAsync(c => c.Title == title));
    }
}
