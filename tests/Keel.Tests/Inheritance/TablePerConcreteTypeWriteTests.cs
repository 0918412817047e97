using Keel.Tests.Repositories;

namespace Keel.Tests.Inheritance;

public sealed class TablePerConcreteTypeWriteTests(TablePerConcreteTypeCatalogFixture fixture) : HierarchyWriteTests(fixture), IClassFixture<TablePerConcreteTypeCatalogFixture>
{
    protected override string AlbumSkuConstraint => "albums_sku_key";

    protected override int RootBulkCommands => 2;

    protected override int SubtypeBulkCommands => 1;

    [Fact]
    public async Task A_root_set_based_update_writes_every_concrete_table_in_one_command_and_sums_the_counts()
    {
        var prefix = Unique("cte");
        await Books.InsertAsync(NewBook(prefix + "-1"));
        await Albums.InsertAsync(NewAlbum(prefix + "-2"));
        await Albums.InsertAsync(NewAlbum(prefix + "-3"));

        using var counter = new CommandCounter();
        Assert.Equal(3, await Listings.ExecuteUpdateAsync(l => l.Sku.StartsWith(prefix), s => s.Set(l => l.Stock, 0)));

        Assert.Equal(1, counter.Count);
        Assert.StartsWith("WITH u0 AS (UPDATE \"public\".\"books\" SET \"stock\" = $1", counter.Statements[0], StringComparison.Ordinal);
        Assert.Contains("u1 AS (UPDATE \"public\".\"albums\" SET", counter.Statements[0], StringComparison.Ordinal);
        Assert.Equal(0, await Listings.CountAsync(l => l.Sku.StartsWith(prefix) && l.Stock != 0));
    }
}
