namespace Keel.Tests.Repositories;

public sealed class JoinTableTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task A_join_table_named_through_the_fluent_API_is_used_by_the_schema_includes_and_counts()
    {
        await using var keel = database.CreateDataSource();
        keel.Entities.For<Poster>(e => e.JoinTable(p => p.Topics, "poster_topic_links", "poster_ref", "topic_ref")).Add<Topic>();
        var ddl = keel.Entities.SchemaSql;
        Assert.Contains("CREATE TABLE IF NOT EXISTS \"public\".\"poster_topic_links\" (\n    \"poster_ref\" integer NOT NULL REFERENCES \"public\".\"posters\" (\"id\") ON DELETE CASCADE,\n    \"topic_ref\" integer NOT NULL REFERENCES \"public\".\"topics\" (\"id\")", ddl, StringComparison.Ordinal);
        Assert.DoesNotContain("poster_topics", ddl, StringComparison.Ordinal);
        await keel.Entities.EnsureSchemaAsync();

        var posters = new Repository<Poster, int>(keel);
        var topics = new Repository<Topic, int>(keel);
        var (red, blue) = (await posters.InsertAsync(new Poster { Title = "red" }), await posters.InsertAsync(new Poster { Title = "blue" }));
        var (art, war) = (await topics.InsertAsync(new Topic { Name = "art" }), await topics.InsertAsync(new Topic { Name = "war" }));
        await using (var session = await keel.OpenSessionAsync())
            await session.ExecuteAsync($"INSERT INTO poster_topic_links (poster_ref, topic_ref) VALUES ({red.Id}, {art.Id}), ({red.Id}, {war.Id}), ({blue.Id}, {war.Id})");

        using var counter = new CommandCounter();
        var loaded = await posters.Query().OrderBy(p => p.Id).Include(p => p.Topics).ToListAsync();
        var back = await topics.Query().Where(t => t.Id == war.Id).Include(t => t.Posters).FirstOrDefaultAsync();
        var counts = await posters.Query().OrderBy(p => p.Id).SelectAsync(p => new PosterTopics(p.Title, p.Topics.Count()));

        Assert.Equal(5, counter.Count);
        Assert.Contains("FROM \"public\".\"poster_topic_links\" p JOIN \"public\".\"topics\" t ON t.\"id\" = p.\"topic_ref\" WHERE p.\"poster_ref\" = ANY($1)", counter.Statements[1], StringComparison.Ordinal);
        Assert.Equal([art.Id, war.Id], loaded[0].Topics.Select(t => t.Id));
        Assert.Equal([war.Id], loaded[1].Topics.Select(t => t.Id));
        Assert.Equal([red.Id, blue.Id], back!.Posters.Select(p => p.Id));
        Assert.Equal([new PosterTopics("red", 2), new PosterTopics("blue", 1)], counts);
    }

    [Theory]
    [InlineData("", "poster_ref", "topic_ref")]
    [InlineData("links", " ", "topic_ref")]
    [InlineData("links", "poster_ref", "poster_ref")]
    [InlineData("links\n", "poster_ref", "topic_ref")]
    [InlineData("a_join_table_name_that_is_much_longer_than_postgres_sixty_three_bytes", "poster_ref", "topic_ref")]
    public async Task A_bad_join_table_name_is_refused_with_ArgumentException_and_nothing_is_created(string table, string source, string target)
    {
        await using var keel = database.CreateDataSource();
        Assert.Throws<ArgumentException>(() => keel.Entities.For<Poster>(e => e.JoinTable(p => p.Topics, table, source, target)));

        await using var session = await keel.OpenSessionAsync();
        Assert.False(await session.ScalarAsync<bool>($"SELECT EXISTS (SELECT 1 FROM pg_tables WHERE tablename = {table.Trim()})"));
    }

    [Fact]
    public async Task Two_different_join_tables_named_for_one_pair_are_refused()
    {
        await using var keel = database.CreateDataSource();
        keel.Entities
            .For<Poster>(e => e.JoinTable(p => p.Topics, "poster_topic_links", "poster_ref", "topic_ref"))
            .For<Topic>(e => e.JoinTable(t => t.Posters, "topic_poster_links", "topic_ref", "poster_ref"));

        var e = Assert.Throws<InvalidOperationException>(() => keel.Entities.SchemaSql);
        Assert.Contains("name different join tables", e.Message, StringComparison.Ordinal);
        var include = Assert.Throws<InvalidOperationException>(() => new Repository<Poster, int>(keel).Query().Include(p => p.Topics));
        Assert.Contains("name it on one side only", include.Message, StringComparison.Ordinal);
    }

    public sealed class Poster
    {
        public int Id { get; set; }

        public required string Title { get; set; }

        public List<Topic> Topics { get; set; } = [];
    }

    public sealed class Topic
    {
        public int Id { get; set; }

        public required string Name { get; set; }

        public List<Poster> Posters { get; set; } = [];
    }

    public sealed record PosterTopics(string Title, int Topics);
}
