namespace Keel.Tests.Inheritance.Nested;

public sealed class NestedTablePerConcreteTypeTests(NestedTablePerConcreteTypeFixture fixture) : NestedHierarchyTests(fixture), IClassFixture<NestedTablePerConcreteTypeFixture>
{
    protected override string ExpectedNestedSchema => """
        CREATE TABLE IF NOT EXISTS "public"."featured_articles" (
            "id" uuid NOT NULL,
            "title" text NOT NULL,
            "description" text NOT NULL,
            "created_at" timestamptz NOT NULL DEFAULT now(),
            "version" integer NOT NULL DEFAULT 1,
            "body" text NOT NULL,
            "author" text NOT NULL,
            "read_count" integer NOT NULL,
            "headline" text NOT NULL,
            "priority" integer NOT NULL,
            CONSTRAINT "featured_articles_pkey" PRIMARY KEY ("id"));
        """;

    protected override void AssertReadsArticlesAndBelowOnly(string sql)
    {
        Assert.Contains("FROM \"public\".\"articles\" UNION ALL SELECT 'featured' AS \"kind\"", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("FROM \"public\".\"videos\"", sql, StringComparison.Ordinal);
    }

    protected override void AssertReadsFeaturedOnly(string sql)
    {
        Assert.Contains("FROM \"public\".\"featured_articles\"", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("\"articles\"", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("UNION", sql, StringComparison.Ordinal);
    }
}
