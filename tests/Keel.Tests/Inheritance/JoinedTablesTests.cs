namespace Keel.Tests.Inheritance;

public sealed class JoinedTablesTests(JoinedTablesFixture fixture) : DiscriminatedTests(fixture), IClassFixture<JoinedTablesFixture>
{
    protected override string ExpectedSchema => """
        CREATE TABLE IF NOT EXISTS "public"."contents" (
            "kind" text NOT NULL,
            "id" uuid NOT NULL,
            "title" text NOT NULL,
            "description" text NOT NULL,
            "created_at" timestamptz NOT NULL DEFAULT now(),
            "version" integer NOT NULL DEFAULT 1,
            CONSTRAINT "contents_pkey" PRIMARY KEY ("id"));
        CREATE TABLE IF NOT EXISTS "public"."articles" (
            "id" uuid NOT NULL,
            "body" text NOT NULL,
            "author" text NOT NULL,
            "read_count" integer NOT NULL,
            CONSTRAINT "articles_pkey" PRIMARY KEY ("id"),
            CONSTRAINT "articles_id_fkey" FOREIGN KEY ("id") REFERENCES "public"."contents" ("id") ON DELETE CASCADE);
        CREATE TABLE IF NOT EXISTS "public"."videos" (
            "id" uuid NOT NULL,
            "video_url" text NOT NULL,
            "duration_seconds" integer NOT NULL,
            "resolution" text,
            CONSTRAINT "videos_pkey" PRIMARY KEY ("id"),
            CONSTRAINT "videos_id_fkey" FOREIGN KEY ("id") REFERENCES "public"."contents" ("id") ON DELETE CASCADE);

        """;

    protected override void AssertReadsArticlesOnly(string sql)
    {
        Assert.Contains("FROM \"public\".\"contents\" AS b JOIN \"public\".\"articles\" AS s", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("videos", sql, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Insert_writes_both_tables_in_one_command()
    {
        using var counter = new Repositories.CommandCounter();
        var article = await Contents.InsertAsync(NewArticle(Unique("one")));
        Assert.Equal(1, counter.Count);
        Assert.StartsWith("WITH b AS (INSERT INTO \"public\".\"contents\"", counter.Statements[0], StringComparison.Ordinal);
        await using var session = await Fixture.Keel.OpenSessionAsync();
        Assert.Equal("article", await session.ScalarAsync<string>($"SELECT kind FROM contents WHERE id = {article.Id}"));
        Assert.Equal("body", await session.ScalarAsync<string>($"SELECT body FROM articles WHERE id = {article.Id}"));
    }

    [Fact]
    public async Task A_failed_subtype_row_leaves_no_base_row()
    {
        var title = Unique("atomic");
        var article = NewArticle(title);
        article.Author = null!;
        await Assert.ThrowsAsync<NotNullViolationException>(() => Articles.InsertAsync(article));
        Assert.Equal(0, await Contents.CountAsync(c => c.Title == title));
    }

    [Fact]
    public async Task Deleting_the_base_row_cascades_to_the_subtype_row()
    {
        var video = await Videos.InsertAsync(NewVideo(Unique("cascade")));
        Assert.True(await Contents.DeleteAsync(video.Id));
        await using var session = await Fixture.Keel.OpenSessionAsync();
        Assert.Equal(0L, await session.ScalarAsync<long>($"SELECT count(*) FROM videos WHERE id = {video.Id}"));
    }

    [Fact]
    public async Task Set_based_updates_and_bulk_inserts_of_a_subtype_write_both_tables()
    {
        var title = Unique("spans");
        var article = await Articles.InsertAsync(NewArticle(title));
        Assert.Equal(1, await Articles.ExecuteUpdateAsync(a => a.Title == title, s => s.Set(a => a.Body, "x").Set(a => a.Description, "y")));
        Assert.Equal(1, await Articles.BulkInsertAsync([NewArticle(title)]));
        var stored = (await Articles.FindAsync(article.Id))!;
        Assert.Equal(("x", "y", 2), (stored.Body, stored.Description, stored.Version));
        Assert.Equal(2, await Contents.CountAsync(c => c.Title == title));
    }
}
