namespace Keel.Tests.Inheritance.Nested;

public sealed class NestedSingleTableTests(NestedSingleTableFixture fixture) : NestedHierarchyTests(fixture), IClassFixture<NestedSingleTableFixture>
{
    protected override string ExpectedNestedSchema => """
            "read_count" integer,
            "headline" text,
            "priority" integer,
            "video_url" text,
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

    [Fact]
    public async Task A_nested_subtype_upserts_its_own_rows_and_never_takes_over_its_parents()
    {
        var featured = NewFeatured(Unique("upsert"));
        featured.Id = Guid.CreateVersion7();
        var inserted = await Featured.UpsertAsync(featured);
        featured.Headline = "again";
        var updated = await Featured.UpsertAsync(featured);
        Assert.Equal((1, 2, "again"), (inserted.Version, updated.Version, updated.Headline));

        var article = await Articles.InsertAsync(NewArticle(Unique("upsert")));
        var clash = NewFeatured(article.Title);
        clash.Id = article.Id;
        await Assert.ThrowsAsync<KeelException>(() => Featured.UpsertAsync(clash));
        var stored = await Contents.FindAsync(article.Id);
        Assert.Equal((typeof(Article), 1, "body"), (stored!.GetType(), stored.Version, ((Article)stored).Body));
    }
}
