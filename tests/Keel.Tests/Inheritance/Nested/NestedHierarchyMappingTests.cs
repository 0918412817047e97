namespace Keel.Tests.Inheritance.Nested;

public sealed class NestedHierarchyMappingTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task A_class_deriving_from_a_mapped_subtype_mapped_beside_it_is_refused_and_nothing_is_mapped()
    {
        await using var keel = database.CreateDataSource();

        var error = Assert.Throws<InvalidOperationException>(() => keel.Entities.For<Content>(e => e.SingleTable().Subtype<Article>("article").Subtype<FeaturedArticle>("featured")));

        Assert.Contains("FeaturedArticle derives from Article, another mapped subtype of Content; map it under that subtype", error.Message, StringComparison.Ordinal);
        keel.Entities.For<Content>(e => e.SingleTable().Subtype<Article>("article", a => a.Subtype<FeaturedArticle>("featured")));
    }

    [Fact]
    public async Task A_discriminator_value_used_at_two_levels_is_refused()
    {
        await using var keel = database.CreateDataSource();

        var error = Assert.Throws<InvalidOperationException>(() => keel.Entities.For<Content>(e => e.JoinedTables().Subtype<Article>("article", a => a.Subtype<FeaturedArticle>("article"))));

        Assert.Contains("'article' is used by Article and FeaturedArticle", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_subtype_choosing_a_strategy_of_its_own_is_refused()
    {
        await using var keel = database.CreateDataSource();

        var error = Assert.Throws<InvalidOperationException>(() => keel.Entities.For<Content>(e => e.SingleTable().Subtype<Article>("article", a => a.JoinedTables().Subtype<FeaturedArticle>("featured"))));

        Assert.Contains("Article is a subtype, stored the way its root's hierarchy is (SingleTable)", error.Message, StringComparison.Ordinal);
    }
}
