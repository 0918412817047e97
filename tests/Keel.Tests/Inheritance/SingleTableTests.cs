namespace Keel.Tests.Inheritance;

public sealed class SingleTableTests(SingleTableFixture fixture) : DiscriminatedTests(fixture), IClassFixture<SingleTableFixture>
{
    protected override string ExpectedSchema => """
        CREATE TABLE IF NOT EXISTS "public"."contents" (
            "kind" text NOT NULL,
            "id" uuid NOT NULL,
            "title" text NOT NULL,
            "description" text NOT NULL,
            "created_at" timestamptz NOT NULL DEFAULT now(),
            "version" integer NOT NULL DEFAULT 1,
            "body" text,
            "author" text,
            "read_count" integer,
            "video_url" text,
            "duration_seconds" integer,
            "resolution" text,
            CONSTRAINT "contents_pkey" PRIMARY KEY ("id"));

        """;

    protected override void AssertReadsArticlesOnly(string sql)
    {
        Assert.Contains("FROM \"public\".\"contents\"", sql, StringComparison.Ordinal);
        Assert.Contains("\"kind\" = 'article'", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("video", sql, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Set_based_updates_of_a_subtype_touch_only_its_rows()
    {
        var prefix = Unique("set");
        var article = await Contents.InsertAsync(NewArticle(prefix + "-a"));
        var video = await Contents.InsertAsync(NewVideo(prefix + "-v"));
        Assert.Equal(1, await Articles.ExecuteUpdateAsync(a => a.Title.StartsWith(prefix), s => s.Set(a => a.Description, "changed")));
        Assert.Equal("changed", (await Contents.FindAsync(article.Id))!.Description);
        Assert.Equal("d", (await Contents.FindAsync(video.Id))!.Description);
        await Assert.ThrowsAsync<EntityNotFoundException>(() => Articles.UpdateAsync(video.Id, s => s.Increment(a => a.ReadCount, 1)));
    }

    [Fact]
    public async Task Upsert_of_a_subtype_never_takes_over_another_subtypes_row()
    {
        var video = await Contents.InsertAsync(NewVideo(Unique("ups")));
        var clash = NewArticle(video.Title);
        clash.Id = video.Id;
        await Assert.ThrowsAsync<KeelException>(() => Articles.UpsertAsync(clash));
        Assert.IsType<Video>(await Contents.FindAsync(video.Id));
    }
}
