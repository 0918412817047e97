namespace Keel.Tests.Inheritance.Nested;

public sealed class NestedJoinedTablesTests(NestedJoinedTablesFixture fixture) : NestedHierarchyTests(fixture), IClassFixture<NestedJoinedTablesFixture>
{
    protected override string ExpectedNestedSchema => """
        CREATE TABLE IF NOT EXISTS "public"."featured_articles" (
            "id" uuid NOT NULL,
            "headline" text NOT NULL,
            "priority" integer NOT NULL,
            CONSTRAINT "featured_articles_pkey" PRIMARY KEY ("id"),
            CONSTRAINT "featured_articles_id_fkey" FOREIGN KEY ("id") REFERENCES "public"."articles" ("id") ON DELETE CASCADE);
        """;

    protected override void AssertReadsArticlesAndBelowOnly(string sql)
    {
        Assert.Contains("FROM \"public\".\"contents\" AS b JOIN \"public\".\"articles\" AS s ON s.\"id\" = b.\"id\" LEFT JOIN \"public\".\"featured_articles\" AS s1", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("video", sql, StringComparison.Ordinal);
    }

    protected override void AssertReadsFeaturedOnly(string sql)
    {
        Assert.Contains("FROM \"public\".\"contents\" AS b JOIN \"public\".\"articles\" AS a1 ON a1.\"id\" = b.\"id\" JOIN \"public\".\"featured_articles\" AS s ON s.\"id\" = b.\"id\"", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("video", sql, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inserting_a_nested_subtype_writes_its_three_tables_in_one_command()
    {
        using var counter = new Repositories.CommandCounter();
        var featured = await Contents.InsertAsync(NewFeatured(Unique("three")));

        Assert.Equal(1, counter.Count);
        Assert.StartsWith("WITH b AS (INSERT INTO \"public\".\"contents\"", counter.Statements[0], StringComparison.Ordinal);
        Assert.Contains("a1 AS (INSERT INTO \"public\".\"articles\"", counter.Statements[0], StringComparison.Ordinal);
        Assert.Contains("s AS (INSERT INTO \"public\".\"featured_articles\"", counter.Statements[0], StringComparison.Ordinal);
        await using var session = await Fixture.Keel.OpenSessionAsync();
        Assert.Equal("featured", await session.ScalarAsync<string>($"SELECT kind FROM contents WHERE id = {featured.Id}"));
        Assert.Equal("front", await session.ScalarAsync<string>($"SELECT body FROM articles WHERE id = {featured.Id}"));
        Assert.Equal("Big news", await session.ScalarAsync<string>($"SELECT headline FROM featured_articles WHERE id = {featured.Id}"));
    }

    [Fact]
    public async Task A_failed_nested_row_leaves_no_row_in_the_tables_above_it()
    {
        var featured = NewFeatured(Unique("atomic"));
        featured.Id = Guid.CreateVersion7();
        featured.Headline = null!;

        await Assert.ThrowsAsync<NotNullViolationException>(() => Contents.InsertAsync(featured));

        await using var session = await Fixture.Keel.OpenSessionAsync();
        Assert.Equal(0L, await session.ScalarAsync<long>($"SELECT (SELECT count(*) FROM contents WHERE id = {featured.Id}) + (SELECT count(*) FROM articles WHERE id = {featured.Id})"));
    }

    [Fact]
    public async Task Deleting_the_base_row_cascades_down_the_chain()
    {
        var featured = await Featured.InsertAsync(NewFeatured(Unique("cascade")));

        Assert.True(await Contents.DeleteAsync(featured.Id));

        await using var session = await Fixture.Keel.OpenSessionAsync();
        Assert.Equal(0L, await session.ScalarAsync<long>($"SELECT (SELECT count(*) FROM articles WHERE id = {featured.Id}) + (SELECT count(*) FROM featured_articles WHERE id = {featured.Id})"));
    }
}
