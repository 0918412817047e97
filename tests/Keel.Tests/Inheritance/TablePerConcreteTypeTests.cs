namespace Keel.Tests.Inheritance;

public sealed class TablePerConcreteTypeTests(TablePerConcreteTypeFixture fixture) : InheritanceTests(fixture), IClassFixture<TablePerConcreteTypeFixture>
{
    protected override string ExpectedSchema => """
        CREATE TABLE IF NOT EXISTS "public"."articles" (
            "id" uuid NOT NULL,
            "title" text NOT NULL,
            "description" text NOT NULL,
            "created_at" timestamptz NOT NULL DEFAULT now(),
            "version" integer NOT NULL DEFAULT 1,
            "body" text NOT NULL,
            "author" text NOT NULL,
            "read_count" integer NOT NULL,
            CONSTRAINT "articles_pkey" PRIMARY KEY ("id"));
        CREATE TABLE IF NOT EXISTS "public"."videos" (
            "id" uuid NOT NULL,
            "title" text NOT NULL,
            "description" text NOT NULL,
            "created_at" timestamptz NOT NULL DEFAULT now(),
            "version" integer NOT NULL DEFAULT 1,
            "video_url" text NOT NULL,
            "duration_seconds" integer NOT NULL,
            "resolution" text,
            CONSTRAINT "videos_pkey" PRIMARY KEY ("id"));

        """;

    protected override void AssertReadsArticlesOnly(string sql)
    {
        Assert.Contains("FROM \"public\".\"articles\"", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("videos", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("contents", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("UNION", sql, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Polymorphic_reads_union_the_concrete_tables_with_typed_null_padding()
    {
        var title = Unique("union");
        await Contents.InsertAsync(NewArticle(title));
        using var counter = new Repositories.CommandCounter();
        Assert.IsType<Article>(await Contents.Query().Where(c => c.Title == title).FirstOrDefaultAsync());
        var sql = counter.Statements[0];
        Assert.Contains("FROM \"public\".\"articles\" UNION ALL SELECT 'video' AS \"kind\"", sql, StringComparison.Ordinal);
        Assert.Contains("(NULL::\"public\".\"videos\").\"video_url\"", sql, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_subtype_repository_is_a_plain_table_repository_with_bulk_insert_and_upsert()
    {
        var prefix = Unique("bulk");
        Assert.Equal(2, await Videos.BulkInsertAsync([NewVideo(prefix + "-1"), NewVideo(prefix + "-2")]));
        Assert.Equal(2, await Contents.CountAsync(c => c.Title.StartsWith(prefix)));
        var video = (await Videos.Query().Where(v => v.Title == prefix + "-1").FirstOrDefaultAsync())!;
        video.Resolution = "4k";
        Assert.Equal("4k", (await Videos.UpsertAsync(video)).Resolution);
        video.Resolution = "8k";
        Assert.Equal("8k", Assert.IsType<Video>(await Contents.UpsertAsync(video)).Resolution);
    }
}
