using Keel.Tests.Repositories;

namespace Keel.Tests.Inheritance;

public abstract partial class HierarchyWriteTests
{
    /// <summary>COPY commands a root's load of books and albums takes in this layout.</summary>
    protected abstract int RootBulkCommands { get; }

    /// <summary>COPY commands a books repository's load takes in this layout.</summary>
    protected abstract int SubtypeBulkCommands { get; }

    [Fact]
    public async Task BulkInsert_through_the_root_writes_mixed_subtypes_read_back_as_their_types()
    {
        var prefix = Unique("bulk");
        var first = NewBook(prefix + "-1", pages: 11);
        first.Id = Guid.CreateVersion7();
        List<Listing> items = [first, NewAlbum(prefix + "-2"), NewBook(prefix + "-3", pages: 33)];
        var reports = new List<long>();

        using var counter = new CommandCounter();
        Assert.Equal(3, await Listings.BulkInsertAsync(items, new SynchronousProgress(reports)));

        Assert.Equal(RootBulkCommands, counter.Count);
        Assert.All(counter.Statements, sql => Assert.StartsWith("COPY", sql, StringComparison.Ordinal));
        Assert.Equal([3L], reports);
        var loaded = await Listings.Query().Where(l => l.Sku.StartsWith(prefix)).OrderBy(l => l.Sku).ToListAsync();
        Assert.Equal([typeof(Book), typeof(Album), typeof(Book)], loaded.Select(l => l.GetType()));
        Assert.Equal(first.Id, loaded[0].Id);
        Assert.Equal((11, first.Isbn), (((Book)loaded[0]).Pages, ((Book)loaded[0]).Isbn));
        Assert.Equal(("ann", 10), (((Album)loaded[1]).Artist, ((Album)loaded[1]).Tracks));
        Assert.Equal(33, ((Book)loaded[2]).Pages);
        Assert.All(loaded, l => Assert.Equal(1, l.Version));
        Assert.All(loaded, l => Assert.NotEqual(default, l.CreatedAt));
        Assert.DoesNotContain(loaded, l => l.Id == Guid.Empty);
    }

    [Fact]
    public async Task BulkInsert_through_a_subtype_writes_its_rows_only_as_that_subtype()
    {
        var prefix = Unique("books");
        var given = NewBook(prefix + "-1");
        given.Id = Guid.CreateVersion7();

        using var counter = new CommandCounter();
        Assert.Equal(2, await Books.BulkInsertAsync([given, NewBook(prefix + "-2", pages: 7)]));

        Assert.Equal(SubtypeBulkCommands, counter.Count);
        Assert.Equal(given.Isbn, Assert.IsType<Book>(await Listings.FindAsync(given.Id)).Isbn);
        Assert.Equal(2, await Books.CountAsync(b => b.Sku.StartsWith(prefix)));
        Assert.Equal(0, await Albums.CountAsync(a => a.Sku.StartsWith(prefix)));
        Assert.Equal(7, (await Books.Query().Where(b => b.Sku == prefix + "-2").FirstOrDefaultAsync())!.Pages);
    }

    [Fact]
    public async Task BulkInsert_with_a_duplicate_subtype_unique_value_throws_UniqueViolationException_and_writes_nothing()
    {
        var prefix = Unique("dup");
        var twin = NewBook(prefix + "-2");
        twin.Isbn = Unique("same");
        var again = NewBook(prefix + "-3");
        again.Isbn = twin.Isbn;

        var error = await Assert.ThrowsAsync<UniqueViolationException>(() => Listings.BulkInsertAsync([NewAlbum(prefix + "-1"), twin, again]));

        Assert.EndsWith("isbn_key", error.ConstraintName, StringComparison.Ordinal);
        Assert.Equal(0, await Listings.CountAsync(l => l.Sku.StartsWith(prefix)));
    }

    [Fact]
    public async Task BulkInsert_through_the_root_of_an_unmapped_type_throws_ArgumentException_and_writes_nothing()
    {
        var prefix = Unique("unmapped");

        await Assert.ThrowsAsync<ArgumentException>(() => Listings.BulkInsertAsync([NewBook(prefix + "-1"), new Poster { Sku = prefix + "-2", Title = "p" }]));

        Assert.Equal(0, await Listings.CountAsync(l => l.Sku.StartsWith(prefix)));
    }

    private sealed class SynchronousProgress(List<long> reports) : IProgress<long>
    {
        public void Report(long value) => reports.Add(value);
    }
}
