using Keel.Tests.Repositories;

namespace Keel.Tests.Inheritance;

/// <summary>
/// Set-based writes, upserts, restores and bulk loads through a hierarchy's root and subtypes; each derived class runs
/// them against its own layout. Every write is one command through the one door (a bulk load: one COPY per table).
/// </summary>
public abstract partial class HierarchyWriteTests(CatalogFixture fixture)
{
    protected CatalogFixture Fixture { get; } = fixture;

    protected Repository<Listing, Guid> Listings => new(Fixture.Keel);

    protected Repository<Book, Guid> Books => new(Fixture.Keel);

    protected Repository<Album, Guid> Albums => new(Fixture.Keel);

    protected static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    protected static Book NewBook(string sku, int pages = 100) => new() { Sku = sku, Title = "book", Stock = 5, Isbn = Unique("isbn"), Pages = pages };

    protected static Album NewAlbum(string sku) => new() { Sku = sku, Title = "album", Stock = 5, Artist = "ann", Tracks = 10 };

    [Fact]
    public async Task ExecuteUpdate_through_a_subtype_filters_and_sets_columns_of_root_and_subtype_in_one_command()
    {
        var prefix = Unique("xu");
        var book = await Books.InsertAsync(NewBook(prefix + "-1"));
        var thin = await Books.InsertAsync(NewBook(prefix + "-2", pages: 10));
        var album = await Albums.InsertAsync(NewAlbum(prefix + "-3"));

        using var counter = new CommandCounter();
        var changed = await Books.ExecuteUpdateAsync(b => b.Sku.StartsWith(prefix) && b.Pages > 50, s => s.Increment(b => b.Stock, 2).Set(b => b.Pages, 120).Set(b => b.Title, "long"));

        Assert.Equal(1, counter.Count);
        Assert.Equal(1, changed);
        var stored = (await Books.FindAsync(book.Id))!;
        Assert.Equal((7, 120, "long", 2, book.Isbn), (stored.Stock, stored.Pages, stored.Title, stored.Version, stored.Isbn));
        Assert.True(stored.UpdatedAt > book.UpdatedAt);
        var untouched = (await Books.FindAsync(thin.Id))!;
        Assert.Equal((5, 10, "book", 1), (untouched.Stock, untouched.Pages, untouched.Title, untouched.Version));
        Assert.Equal((5, 1), ((await Albums.FindAsync(album.Id))!.Stock, (await Albums.FindAsync(album.Id))!.Version));
    }

    [Fact]
    public async Task ExecuteUpdate_through_the_root_changes_matching_rows_of_every_subtype()
    {
        var prefix = Unique("root");
        var book = await Books.InsertAsync(NewBook(prefix + "-1"));
        var album = await Albums.InsertAsync(NewAlbum(prefix + "-2"));
        var other = await Albums.InsertAsync(NewAlbum(Unique("other")));

        using var counter = new CommandCounter();
        Assert.Equal(2, await Listings.ExecuteUpdateAsync(l => l.Sku.StartsWith(prefix), s => s.Increment(l => l.Stock, -1).Set(l => l.Title, "sale")));

        Assert.Equal(1, counter.Count);
        var storedBook = Assert.IsType<Book>(await Listings.FindAsync(book.Id));
        Assert.Equal((4, "sale", 2, 100), (storedBook.Stock, storedBook.Title, storedBook.Version, storedBook.Pages));
        var storedAlbum = Assert.IsType<Album>(await Listings.FindAsync(album.Id));
        Assert.Equal((4, "sale", 2, "ann"), (storedAlbum.Stock, storedAlbum.Title, storedAlbum.Version, storedAlbum.Artist));
        Assert.Equal((5, 1), ((await Listings.FindAsync(other.Id))!.Stock, (await Listings.FindAsync(other.Id))!.Version));
    }

    [Fact]
    public async Task UpdateAsync_by_key_returns_the_stored_row_through_the_subtype_and_the_root()
    {
        var book = await Books.InsertAsync(NewBook(Unique("key")));

        using var counter = new CommandCounter();
        var viaSubtype = await Books.UpdateAsync(book.Id, s => s.Increment(b => b.Pages, 5).Set(b => b.Title, "new"));
        var viaRoot = Assert.IsType<Book>(await Listings.UpdateAsync(book.Id, s => s.Increment(l => l.Stock, 3)));

        Assert.Equal(2, counter.Count);
        Assert.Equal((105, "new", 5, 2, book.Isbn), (viaSubtype.Pages, viaSubtype.Title, viaSubtype.Stock, viaSubtype.Version, viaSubtype.Isbn));
        Assert.Equal((105, "new", 8, 3, book.Isbn, book.Id), (viaRoot.Pages, viaRoot.Title, viaRoot.Stock, viaRoot.Version, viaRoot.Isbn, viaRoot.Id));
        Assert.True(viaRoot.UpdatedAt > book.UpdatedAt);
        Assert.Equal(book.CreatedAt, viaRoot.CreatedAt);
    }

    [Fact]
    public async Task UpdateAsync_by_key_of_a_missing_or_another_subtypes_row_throws_EntityNotFoundException_and_writes_nothing()
    {
        var album = await Albums.InsertAsync(NewAlbum(Unique("missing")));

        await Assert.ThrowsAsync<EntityNotFoundException>(() => Books.UpdateAsync(album.Id, s => s.Set(b => b.Title, "taken").Increment(b => b.Pages, 1)));
        await Assert.ThrowsAsync<EntityNotFoundException>(() => Listings.UpdateAsync(Guid.NewGuid(), s => s.Increment(l => l.Stock, 1)));

        var stored = Assert.IsType<Album>(await Listings.FindAsync(album.Id));
        Assert.Equal(("album", 1), (stored.Title, stored.Version));
    }

    [Fact]
    public async Task Setting_a_maintained_column_or_nothing_throws_ArgumentException_before_any_command()
    {
        var book = await Books.InsertAsync(NewBook(Unique("bad")));

        using var counter = new CommandCounter();
        await Assert.ThrowsAsync<ArgumentException>(() => Books.ExecuteUpdateAsync(b => b.Id == book.Id, s => s.Set(b => b.Version, 9)));
        await Assert.ThrowsAsync<ArgumentException>(() => Listings.UpdateAsync(book.Id, _ => { }));
        await Assert.ThrowsAsync<ArgumentException>(() => Books.UpdateAsync(book.Id, s => s.Set(b => b.UpdatedAt, DateTimeOffset.UnixEpoch)));

        Assert.Equal(0, counter.Count);
        Assert.Equal(1, (await Books.FindAsync(book.Id))!.Version);
    }

    [Fact]
    public async Task Soft_delete_and_restore_work_through_the_subtype_and_the_root()
    {
        var book = await Books.InsertAsync(NewBook(Unique("soft")));
        var album = await Albums.InsertAsync(NewAlbum(Unique("soft")));

        using var counter = new CommandCounter();
        Assert.True(await Books.DeleteAsync(book.Id));
        Assert.True(await Listings.DeleteAsync(album.Id));
        Assert.True(await Books.RestoreAsync(book.Id));
        Assert.False(await Books.RestoreAsync(book.Id));
        Assert.False(await Books.RestoreAsync(album.Id));
        Assert.True(await Listings.RestoreAsync(album.Id));
        Assert.False(await Listings.RestoreAsync(Guid.NewGuid()));

        Assert.Equal(7, counter.Count);
        var restored = Assert.IsType<Book>(await Listings.FindAsync(book.Id));
        Assert.Equal((3, null, book.Isbn), (restored.Version, restored.DeletedAt, restored.Isbn));
        Assert.Equal(3, Assert.IsType<Album>(await Listings.FindAsync(album.Id)).Version);
    }

    [Fact]
    public async Task ExecuteDelete_through_a_subtype_by_a_subtype_column_marks_only_its_matching_rows()
    {
        var prefix = Unique("mark");
        var thick = await Books.InsertAsync(NewBook(prefix + "-1", pages: 500));
        await Books.InsertAsync(NewBook(prefix + "-2", pages: 5));
        await Albums.InsertAsync(NewAlbum(prefix + "-3"));

        Assert.Equal(1, await Books.ExecuteDeleteAsync(b => b.Sku.StartsWith(prefix) && b.Pages > 100));

        Assert.Equal(2, await Listings.CountAsync(l => l.Sku.StartsWith(prefix)));
        var marked = Assert.IsType<Book>(await Listings.Query().IncludeDeleted().Where(l => l.Id == thick.Id).FirstOrDefaultAsync());
        Assert.NotNull(marked.DeletedAt);
        Assert.True(await Books.RestoreAsync(thick.Id));
        Assert.Equal(3, await Listings.CountAsync(l => l.Sku.StartsWith(prefix)));
    }

    [Fact]
    public async Task Concurrent_conditional_increments_recheck_the_condition_and_lose_nothing()
    {
        var book = await Books.InsertAsync(NewBook(Unique("race")));

        // Twenty writers raise the stock while it is below 10 and add a page each time: the condition is checked
        // against the row as the previous writer left it, so exactly five succeed and no increment is lost.
        var changed = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => i % 2 == 0
            ? Books.ExecuteUpdateAsync(b => b.Id == book.Id && b.Stock < 10, s => s.Increment(b => b.Stock, 1).Increment(b => b.Pages, 1))
            : Listings.ExecuteUpdateAsync(l => l.Id == book.Id && l.Stock < 10, s => s.Increment(l => l.Stock, 1))));
        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Books.UpdateAsync(book.Id, s => s.Increment(b => b.Pages, 1))));

        var stored = (await Books.FindAsync(book.Id))!;
        Assert.Equal(5, changed.Sum());
        Assert.Equal(10, stored.Stock);
        Assert.Equal(1 + 5 + 10, stored.Version);
        Assert.Equal(100 + 10 + changed.Where((c, i) => i % 2 == 0).Sum(), stored.Pages);
    }
}
