namespace Keel.Tests.Inheritance.Nested;

public sealed class NestedSingleTableTests(NestedSingleTableFixture fixture) : NestedHierarchyTests(fixture), IClassFixture<NestedSingleTableFixture>
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
            "headline" text,
            "priority" integer,
            "video_url" text,
            "duration_seconds" integer,
            "resolution" text,
            CONSTRAINT "contents_pkey" PRIMARY KEY ("id"));

        """;

    protected override void AssertReadsArticlesAndBelowOnly(string sql)
    {
        Assert.Contains("\"kind\" IN ('article', 'featured')", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("video", sql, StringComparison.Ordinal);
    }

    protected override void AssertReadsFeaturedOnly(string sql)
    {
        Assert.Contains("\"kind\" = 'featured'", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("video", sql, StringComparison.Ordinal);
    }
}
