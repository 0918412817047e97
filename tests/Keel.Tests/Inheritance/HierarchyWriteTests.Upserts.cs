using Keel.Tests.Repositories;

namespace Keel.Tests.Inheritance;

public abstract partial class HierarchyWriteTests
{
    /// <summary>The unique constraint on albums' sku as the layout names it (the root's table, or the albums table).</summary>
    protected abstract string AlbumSkuConstraint { get; }

    [Fact]
    public async Task Upsert_through_the_root_inserts_then_updates_the_concrete_row_and_revives_it()
    {
        var book = NewBook(Unique("up"));
        book.Id = Guid.CreateVersion7();

        using var counter = new CommandCounter();
        var inserted = Assert.IsType<Book>(await Listings.UpsertAsync(book));
        Assert.True(await Listings.DeleteAsync(book.Id));
        book.Title = "again";
        book.Pages = 300;
        var updated = Assert.IsType<Book>(await Listings.UpsertAsync(book));

        Assert.Equal(3, counter.Count);
        Assert.Equal((1, book.Id), (inserted.Version, inserted.Id));
        Assert.Equal(("again", 300, 3, null, inserted.CreatedAt), (updated.Title, updated.Pages, updated.Version, updated.DeletedAt, updated.CreatedAt));
        Assert.Equal(1, await Listings.CountAsync(l => l.Sku == book.Sku));
    }

    [Fact]
    public async Task Upsert_through_a_subtype_on_a_root_unique_column_or_constraint_takes_over_that_row()
    {
        var sku = Unique("sku");
        var album = await Albums.InsertAsync(NewAlbum(sku));
        var clash = NewAlbum(sku);
        clash.Artist = "bob";
        clash.Tracks = 12;

        var byColumn = await Albums.UpsertAsync(clash, a => a.Sku);
        clash.Tracks = 14;
        var byConstraint = await Albums.UpsertAsync(clash, AlbumSkuConstraint);
        clash.Title = "polymorphic";
        var byRoot = Assert.IsType<Album>(await Listings.UpsertAsync(clash, l => l.Sku));

        Assert.Equal((album.Id, "bob", 12, 2), (byColumn.Id, byColumn.Artist, byColumn.Tracks, byColumn.Version));
        Assert.Equal((album.Id, 14, 3), (byConstraint.Id, byConstraint.Tracks, byConstraint.Version));
        Assert.Equal((album.Id, "polymorphic", 4), (byRoot.Id, byRoot.Title, byRoot.Version));
        Assert.Equal(1, await Listings.CountAsync(l => l.Sku == sku));
    }

    [Fact]
    public async Task Upsert_through_the_root_of_an_unmapped_type_throws_ArgumentException_and_writes_nothing()
    {
        var sku = Unique("poster");

        using var counter = new CommandCounter();
        await Assert.ThrowsAsync<ArgumentException>(() => Listings.UpsertAsync(new Poster { Sku = sku, Title = "p" }));

        Assert.Equal(0, counter.Count);
        Assert.Equal(0, await Listings.CountAsync(l => l.Sku == sku));
    }
}
