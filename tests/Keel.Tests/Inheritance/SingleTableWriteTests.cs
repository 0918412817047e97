using Keel.Tests.Repositories;

namespace Keel.Tests.Inheritance;

public sealed class SingleTableWriteTests(SingleTableCatalogFixture fixture) : DiscriminatedWriteTests(fixture), IClassFixture<SingleTableCatalogFixture>
{
    protected override string AlbumSkuConstraint => "listings_sku_key";

    protected override int RootBulkCommands => 1;

    protected override int SubtypeBulkCommands => 1;

    [Fact]
    public async Task Bulk_rows_carry_their_discriminator_and_nulls_in_other_subtypes_columns()
    {
        var prefix = Unique("sti");

        using var counter = new CommandCounter();
        await Listings.BulkInsertAsync([NewBook(prefix + "-1"), NewAlbum(prefix + "-2")]);

        Assert.StartsWith("COPY \"public\".\"listings\" (\"kind\", \"id\", \"sku\"", counter.Statements[0], StringComparison.Ordinal);
        await using var session = await Fixture.Keel.OpenSessionAsync();
        Assert.Equal("album", await session.ScalarAsync<string>($"SELECT kind FROM listings WHERE sku = {prefix + "-2"} AND isbn IS NULL AND pages IS NULL"));
        Assert.Equal("book", await session.ScalarAsync<string>($"SELECT kind FROM listings WHERE sku = {prefix + "-1"} AND artist IS NULL AND tracks IS NULL"));
    }
}
