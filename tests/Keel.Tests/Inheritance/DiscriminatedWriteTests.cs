namespace Keel.Tests.Inheritance;

/// <summary>Writes of layouts that keep every subtype's rows under one key space with a discriminator (single table, joined tables).</summary>
public abstract class DiscriminatedWriteTests(CatalogFixture fixture) : HierarchyWriteTests(fixture)
{
    [Fact]
    public async Task Upsert_clashing_with_another_subtypes_row_throws_KeelException_and_writes_nothing()
    {
        var album = await Albums.InsertAsync(NewAlbum(Unique("clash")));
        var book = NewBook(Unique("clash"));
        book.Id = album.Id;

        await Assert.ThrowsAsync<KeelException>(() => Books.UpsertAsync(book));
        await Assert.ThrowsAsync<KeelException>(() => Listings.UpsertAsync(book));

        var stored = Assert.IsType<Album>(await Listings.FindAsync(album.Id));
        Assert.Equal((album.Sku, 1), (stored.Sku, stored.Version));
        Assert.Equal(0, await Books.CountAsync(b => b.Sku == book.Sku || b.Id == album.Id));
    }
}
