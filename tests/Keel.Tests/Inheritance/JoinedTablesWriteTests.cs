using Keel.Tests.Repositories;

namespace Keel.Tests.Inheritance;

public sealed class JoinedTablesWriteTests(JoinedTablesCatalogFixture fixture) : DiscriminatedWriteTests(fixture), IClassFixture<JoinedTablesCatalogFixture>
{
    protected override string AlbumSkuConstraint => "listings_sku_key";

    protected override int RootBulkCommands => 3;

    protected override int SubtypeBulkCommands => 2;

    [Fact]
    public async Task A_subtype_set_based_update_locks_through_the_join_then_writes_both_tables()
    {
        var book = await Books.InsertAsync(NewBook(Unique("sql")));

        using var counter = new CommandCounter();
        await Books.ExecuteUpdateAsync(b => b.Id == book.Id, s => s.Set(b => b.Pages, 1));

        var sql = counter.Statements[0];
        Assert.StartsWith("WITH m AS (SELECT \"id\" FROM (SELECT b.\"id\"", sql, StringComparison.Ordinal);
        Assert.Contains("FOR UPDATE), b AS (UPDATE \"public\".\"listings\" AS t SET \"updated_at\" = now(), \"version\" = \"version\" + 1 FROM m", sql, StringComparison.Ordinal);
        Assert.Contains("s AS (UPDATE \"public\".\"books\" AS t SET \"pages\" = $", sql, StringComparison.Ordinal);
        Assert.EndsWith("SELECT count(*)::integer FROM b", sql, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upsert_writes_both_tables_in_one_command_and_a_failed_subtype_row_leaves_the_base_row_as_it_was()
    {
        var book = await Books.InsertAsync(NewBook(Unique("atomic")));
        book.Title = "changed";

        using var counter = new CommandCounter();
        Assert.Equal("changed", (await Books.UpsertAsync(book)).Title);
        Assert.StartsWith("WITH b AS (INSERT INTO \"public\".\"listings\"", counter.Statements[0], StringComparison.Ordinal);
        Assert.Contains("ON CONFLICT (\"id\") DO UPDATE SET", counter.Statements[0], StringComparison.Ordinal);

        book.Title = "lost";
        book.Isbn = null!;
        await Assert.ThrowsAsync<NotNullViolationException>(() => Books.UpsertAsync(book));

        var stored = (await Books.FindAsync(book.Id))!;
        Assert.Equal(("changed", 2), (stored.Title, stored.Version));
    }

    [Fact]
    public async Task Upsert_on_a_unique_key_of_the_subtype_table_throws_NotSupportedException_before_any_command()
    {
        var book = NewBook(Unique("own"));

        using var counter = new CommandCounter();
        var error = await Assert.ThrowsAsync<NotSupportedException>(() => Books.UpsertAsync(book, b => b.Isbn));
        await Assert.ThrowsAsync<NotSupportedException>(() => Books.UpsertAsync(book, "books_isbn_key"));
        await Assert.ThrowsAsync<NotSupportedException>(() => Listings.UpsertAsync(book, "books_isbn_key"));

        Assert.Equal(0, counter.Count);
        Assert.Contains("\"public\".\"books\"", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await Listings.CountAsync(l => l.Sku == book.Sku));
    }

    [Fact]
    public async Task A_bulk_load_whose_subtype_rows_fail_leaves_no_base_rows()
    {
        var prefix = Unique("half");
        var broken = NewAlbum(prefix + "-2");
        broken.Artist = null!;

        await Assert.ThrowsAsync<NotNullViolationException>(() => Listings.BulkInsertAsync([NewBook(prefix + "-1"), broken]));

        await using var session = await Fixture.Keel.OpenSessionAsync();
        Assert.Equal(0L, await session.ScalarAsync<long>($"SELECT count(*) FROM listings WHERE sku LIKE {prefix + "%"}"));
    }
}
