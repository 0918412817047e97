namespace Keel.Tests.Inheritance;

/// <summary>What layouts that store a discriminator column in "contents" (single table, joined tables) must also do.</summary>
public abstract class DiscriminatedTests(HierarchyFixture fixture) : InheritanceTests(fixture)
{
    [Fact]
    public async Task An_unknown_discriminator_in_the_table_throws_UnknownDiscriminatorException()
    {
        var title = Unique("unknown");
        await using (var session = await Fixture.Keel.OpenSessionAsync())
            await session.ExecuteAsync($"INSERT INTO contents (id, kind, title, description, created_at, version) VALUES ({Guid.NewGuid()}, 'podcast', {title}, '', now(), 1)");
        var error = await Assert.ThrowsAsync<UnknownDiscriminatorException>(() => Contents.Query().Where(c => c.Title == title).ToListAsync());
        Assert.Equal("podcast", error.Value);
        Assert.Equal(["article", "video"], error.KnownValues);
        Assert.Empty(await Articles.Query().Where(a => a.Title == title).ToListAsync());
        Assert.Empty(await Videos.Query().Where(v => v.Title == title).ToListAsync());
    }
}
