namespace Keel.Tests.Repositories.Composite;

public sealed class CompositeRelationTests(CompositeFixture fixture) : IClassFixture<CompositeFixture>
{
    private static int s_warehouse;

    private readonly Repository<Shelf, (int, string)> _shelves = new(fixture.Keel);
    private readonly Repository<Bin, int> _bins = new(fixture.Keel);

    [Fact]
    public async Task Many_to_one_over_a_composite_key_loads_every_target_in_one_statement_and_shares_them()
    {
        var (w, a, b) = await ShelvesAsync();
        var first = await BinAsync(w, a.Code, 1, spare: b);
        var second = await BinAsync(w, a.Code, 2);
        var third = await BinAsync(w, b.Code, 3);

        using var counter = new CommandCounter();
        var bins = await _bins.Query().Where(x => x.WarehouseId == w).OrderBy(x => x.Id).Include(x => x.Shelf).Include(x => x.Spare).ToListAsync();

        Assert.Equal(3, counter.Count);
        Assert.Contains("(t.\"warehouse_id\", t.\"code\") IN (SELECT * FROM unnest($1, $2))", counter.Statements[1], StringComparison.Ordinal);
        Assert.Equal([first.Id, second.Id, third.Id], bins.Select(x => x.Id));
        Assert.Equal([a.Code, a.Code, b.Code], bins.Select(x => x.Shelf!.Code));
        Assert.Same(bins[0].Shelf, bins[1].Shelf);
        Assert.Equal(b.Capacity, bins[0].Spare!.Capacity);
        Assert.Null(bins[1].Spare);
    }

    [Fact]
    public async Task One_to_many_and_one_to_one_over_a_composite_key_stitch_by_both_columns()
    {
        var (w, a, b) = await ShelvesAsync();
        var other = await _shelves.InsertAsync(new Shelf { WarehouseId = w + 1, Code = a.Code, Capacity = 9 });
        var small = await BinAsync(w, a.Code, 1);
        var big = await BinAsync(w, a.Code, 7);
        var elsewhere = await BinAsync(other.WarehouseId, a.Code, 2);
        var label = await new Repository<ShelfLabel, int>(fixture.Keel).InsertAsync(new ShelfLabel { WarehouseId = w, ShelfCode = b.Code, Text = "B" });

        using var counter = new CommandCounter();
        var shelves = await _shelves.Query().Where(s => s.WarehouseId == w || s.WarehouseId == w + 1).OrderBy(s => s.WarehouseId).ThenBy(s => s.Code)
            .Include(s => s.Bins).Include(s => s.Label).ToListAsync();

        Assert.Equal(3, counter.Count);
        Assert.Equal([(w, a.Code), (w, b.Code), (w + 1, a.Code)], shelves.Select(s => (s.WarehouseId, s.Code)));
        Assert.Equal([small.Id, big.Id], shelves[0].Bins.Select(x => x.Id));
        Assert.Empty(shelves[1].Bins);
        Assert.Equal([elsewhere.Id], shelves[2].Bins.Select(x => x.Id));
        Assert.Null(shelves[0].Label);
        Assert.Equal(label.Id, shelves[1].Label!.Id);
    }

    [Fact]
    public async Task A_limited_include_over_a_composite_key_keeps_the_top_rows_per_parent_in_one_statement()
    {
        var (w, a, b) = await ShelvesAsync();
        await BinAsync(w, a.Code, 1);
        var biggest = await BinAsync(w, a.Code, 5);
        var only = await BinAsync(w, b.Code, 2);

        using var counter = new CommandCounter();
        var shelves = await _shelves.Query().Where(s => s.WarehouseId == w).OrderBy(s => s.Code)
            .Include(s => s.Bins.OrderByDescending(x => x.Size).Take(1)).ToListAsync();

        Assert.Equal(2, counter.Count);
        Assert.Contains("unnest($1, $2) AS k(keel_parent_1, keel_parent_2)", counter.Statements[1], StringComparison.Ordinal);
        Assert.Equal([biggest.Id], shelves[0].Bins.Select(x => x.Id));
        Assert.Equal([only.Id], shelves[1].Bins.Select(x => x.Id));
    }

    [Fact]
    public async Task The_join_strategy_over_a_composite_key_joins_on_every_column_in_one_command()
    {
        var (w, a, b) = await ShelvesAsync();
        await BinAsync(w, a.Code, 1, spare: b);
        await BinAsync(w, b.Code, 2);

        using var counter = new CommandCounter();
        var bins = await _bins.Query().Where(x => x.WarehouseId == w).OrderBy(x => x.Id)
            .Include(x => x.Shelf, IncludeStrategy.Join).Include(x => x.Spare, IncludeStrategy.Join).ToListAsync();

        Assert.Equal(1, counter.Count);
        Assert.Contains("j1.\"warehouse_id\" = r.\"warehouse_id\" AND j1.\"code\" = r.\"shelf_code\"", counter.Statements[0], StringComparison.Ordinal);
        Assert.Equal([a.Code, b.Code], bins.Select(x => x.Shelf!.Code));
        Assert.Equal(b.Code, bins[0].Spare!.Code);
        Assert.Null(bins[1].Spare);
    }

    [Fact]
    public async Task Counting_a_collection_over_a_composite_key_is_one_command()
    {
        var (w, a, _) = await ShelvesAsync();
        await BinAsync(w, a.Code, 1);
        await BinAsync(w, a.Code, 8);
        await _shelves.InsertAsync(new Shelf { WarehouseId = w + 1, Code = a.Code, Capacity = 1 });
        await BinAsync(w + 1, a.Code, 8);

        using var counter = new CommandCounter();
        var summaries = await _shelves.Query().Where(s => s.WarehouseId == w).OrderBy(s => s.Code)
            .SelectAsync(s => new ShelfSummary(s.Code, s.Bins.Count(), s.Bins.Any(x => x.Size > 5)));

        Assert.Equal(1, counter.Count);
        Assert.Equal([new ShelfSummary(a.Code, 2, true), new ShelfSummary("b", 0, false)], summaries);
    }

    [Fact]
    public async Task The_schema_has_a_composite_foreign_key_with_an_index_and_the_database_enforces_it()
    {
        var ddl = fixture.Keel.Entities.SchemaSql;
        Assert.Contains("CONSTRAINT \"cr_bins_warehouse_id_shelf_code_fkey\" FOREIGN KEY (\"warehouse_id\", \"shelf_code\") REFERENCES \"public\".\"cr_shelves\" (\"warehouse_id\", \"code\")", ddl, StringComparison.Ordinal);
        Assert.Contains("FOREIGN KEY (\"spare_warehouse\", \"spare_shelf\") REFERENCES \"public\".\"cr_shelves\" (\"warehouse_id\", \"code\")", ddl, StringComparison.Ordinal);
        Assert.Contains("CREATE INDEX IF NOT EXISTS \"cr_bins_warehouse_id_shelf_code_idx\" ON \"public\".\"cr_bins\" (\"warehouse_id\", \"shelf_code\")", ddl, StringComparison.Ordinal);

        var w = Interlocked.Add(ref s_warehouse, 10) + 900_000;
        var e = await Assert.ThrowsAsync<ForeignKeyViolationException>(() => _bins.InsertAsync(new Bin { WarehouseId = w, ShelfCode = "nowhere", Size = 1 }));
        Assert.Equal("cr_bins_warehouse_id_shelf_code_fkey", e.ConstraintName);
        Assert.Equal(0, await _bins.CountAsync(x => x.WarehouseId == w));
    }

    [Fact]
    public async Task Foreign_key_attributes_name_a_composite_key_on_its_properties_or_on_the_navigation()
    {
        var (w, a, b) = await ShelvesAsync();
        var crates = new Repository<Crate, int>(fixture.Keel);
        var crate = await crates.InsertAsync(new Crate { HomeWarehouse = w, HomeShelf = a.Code, LastWarehouse = w, LastShelf = b.Code });

        using var counter = new CommandCounter();
        var loaded = await crates.Query().Where(c => c.Id == crate.Id).Include(c => c.Home).Include(c => c.Last).FirstOrDefaultAsync();

        Assert.Equal(3, counter.Count);
        Assert.Equal((w, a.Code), (loaded!.Home!.WarehouseId, loaded.Home.Code));
        Assert.Equal(b.Capacity, loaded.Last!.Capacity);
        var ddl = fixture.Keel.Entities.SchemaSql;
        Assert.Contains("FOREIGN KEY (\"home_warehouse\", \"home_shelf\") REFERENCES \"public\".\"cr_shelves\"", ddl, StringComparison.Ordinal);
        Assert.Contains("FOREIGN KEY (\"last_warehouse\", \"last_shelf\") REFERENCES \"public\".\"cr_shelves\"", ddl, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_declared_foreign_key_with_too_few_columns_is_refused_before_any_command()
    {
        await using var keel = fixture.Database.CreateDataSource();
        keel.Entities.Add<Shelf>().For<Bin>(e => e.Navigation(b => b.Spare, nameof(Bin.SpareWarehouse)));

        using var counter = new CommandCounter();
        var e = Assert.Throws<InvalidOperationException>(() => new Repository<Bin, int>(keel).Query().Include(x => x.Spare));
        Assert.Contains("names 1 foreign key column(s) (SpareWarehouse) for the 2-column key of Shelf", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, counter.Count);
    }

    [Fact]
    public async Task A_single_column_foreign_key_to_a_composite_key_is_refused_by_the_schema()
    {
        await using var keel = fixture.Database.CreateDataSource();
        keel.Entities.Add<Shelf>().For<ShelfLabel>(e => e.HasForeignKey<Shelf, int>(l => l.WarehouseId));

        using var counter = new CommandCounter();
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => keel.Entities.EnsureSchemaAsync());
        Assert.Contains("ShelfLabel.WarehouseId references Shelf, whose key has 2 columns (WarehouseId, Code), with 1 column(s)", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, counter.Count);
    }

    [Fact]
    public async Task An_implicit_many_to_many_over_a_composite_key_is_refused_by_includes_and_the_schema()
    {
        await using var keel = fixture.Database.CreateDataSource();
        keel.Entities.Add<TaggedShelf>().Add<ShelfTag>();

        using var counter = new CommandCounter();
        var include = Assert.Throws<NotSupportedException>(() => new Repository<TaggedShelf, (int, string)>(keel).Query().Include(s => s.Tags));
        Assert.Contains("explicit pivot", include.Message, StringComparison.Ordinal);
        var schema = Assert.Throws<NotSupportedException>(() => keel.Entities.SchemaSql);
        Assert.Contains("implicit join table, and a side's key is composite", schema.Message, StringComparison.Ordinal);
        Assert.Equal(0, counter.Count);
    }

    /// <summary>A warehouse of its own with shelves "a" (capacity 10) and "b" (capacity 20).</summary>
    private async Task<(int Warehouse, Shelf A, Shelf B)> ShelvesAsync()
    {
        var w = Interlocked.Add(ref s_warehouse, 10);
        var a = await _shelves.InsertAsync(new Shelf { WarehouseId = w, Code = "a", Capacity = 10 });
        var b = await _shelves.InsertAsync(new Shelf { WarehouseId = w, Code = "b", Capacity = 20 });
        return (w, a, b);
    }

    private Task<Bin> BinAsync(int warehouse, string shelf, int size, Shelf? spare = null)
        => _bins.InsertAsync(new Bin { WarehouseId = warehouse, ShelfCode = shelf, Size = size, SpareWarehouse = spare?.WarehouseId, SpareShelf = spare?.Code });
}
