namespace Keel.Tests.Documents;

public sealed class DocumentQueryTests(CarsFixture db) : IClassFixture<CarsFixture>, IAsyncLifetime
{
    private readonly DocumentRepository<Car> _cars = new(db.Keel);

    public async Task InitializeAsync()
    {
        if (await _cars.CountAsync() > 0)
            return;
        Car[] cars =
        [
            new() { RegNo = "AB-100", Make = "Volvo", Year = 1998, Fuel = Fuel.Petrol, Tags = ["classic", "red"], Mileage = 300_000, Garage = new("Kirkegata 1", "Oslo") },
            new() { RegNo = "AB-200", Make = "Volvo", Year = 2012, Fuel = Fuel.Diesel, Tags = ["family"], OwnerEmail = "ann@example.com", Mileage = 120_000 },
            new() { RegNo = "CD-300", Make = "Tesla", Year = 2021, Fuel = Fuel.Electric, Tags = ["red"], OwnerEmail = "bo@example.com", Mileage = 20_000, Garage = new("Strandgaten 2", "Bergen") },
            new() { RegNo = "CD-400", Make = "Saab", Year = 1985, Fuel = Fuel.Petrol, Tags = [], Mileage = 450_000 },
            new() { RegNo = "50%_OFF\\", Make = "Fiat", Year = 2005, Fuel = Fuel.Petrol, Mileage = 90_000 },
        ];
        foreach (var car in cars)
            await _cars.InsertAsync(car);
        var gone = await _cars.InsertAsync(new Car { RegNo = "ZZ-999", Make = "Volvo", Year = 1990 });
        await _cars.DeleteAsync(gone.Document.Id);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<string[]> RegNos(Func<DocumentQuery<Car, Guid>, DocumentQuery<Car, Guid>> query)
        => [.. (await query(_cars.Query()).ToListAsync()).Select(c => c.RegNo).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task Equality_comparisons_and_logic_translate()
    {
        Assert.Equal(["AB-100", "AB-200"], await RegNos(q => q.Where(c => c.Make == "Volvo")));
        Assert.Equal(["AB-100", "CD-400"], await RegNos(q => q.Where(c => c.Year < 2000)));
        var from = 2005;
        Assert.Equal(["50%_OFF\\", "AB-200", "CD-300"], await RegNos(q => q.Where(c => c.Year >= from)));
        Assert.Equal(["AB-200"], await RegNos(q => q.Where(c => c.Make == "Volvo" && c.Year > 2000)));
        Assert.Equal(["AB-100", "CD-300", "CD-400"], await RegNos(q => q.Where(c => c.Make == "Tesla" || c.Year < 2000)));
        Assert.Equal(["50%_OFF\\", "CD-300", "CD-400"], await RegNos(q => q.Where(c => !(c.Make == "Volvo"))));
        Assert.Equal(["AB-200"], await RegNos(q => q.Where(c => c.Make == "Volvo").Where(c => c.Year == 2012)));
    }

    [Fact]
    public async Task Null_checks_nested_members_and_renamed_properties_translate()
    {
        Assert.Equal(["AB-200", "CD-300"], await RegNos(q => q.Where(c => c.OwnerEmail != null)));
        Assert.Equal(["50%_OFF\\", "AB-100", "CD-400"], await RegNos(q => q.Where(c => c.OwnerEmail == null)));
        Assert.Equal(["CD-300"], await RegNos(q => q.Where(c => c.Garage!.City == "Bergen")));
        // Mileage is written as "km" by [JsonPropertyName].
        Assert.Equal(["AB-100", "CD-400"], await RegNos(q => q.Where(c => c.Mileage > 250_000)));
    }

    [Fact]
    public async Task Enums_compare_as_the_serializer_writes_them()
    {
        Assert.Equal(["CD-300"], await RegNos(q => q.Where(c => c.Fuel == Fuel.Electric)));
        Fuel[] fuels = [Fuel.Diesel, Fuel.Electric];
        Assert.Equal(["AB-200", "CD-300"], await RegNos(q => q.Where(c => fuels.Contains(c.Fuel))));
    }

    [Fact]
    public async Task String_matching_escapes_like_wildcards()
    {
        Assert.Equal(["AB-100", "AB-200"], await RegNos(q => q.Where(c => c.RegNo.StartsWith("AB-"))));
        Assert.Equal(["50%_OFF\\"], await RegNos(q => q.Where(c => c.RegNo.StartsWith("50%_"))));
        Assert.Equal(["50%_OFF\\"], await RegNos(q => q.Where(c => c.RegNo.EndsWith("F\\"))));
        Assert.Empty(await RegNos(q => q.Where(c => c.RegNo.Contains('%') && c.RegNo.StartsWith("AB"))));
        Assert.Equal(["CD-300", "CD-400"], await RegNos(q => q.Where(c => c.RegNo.Contains("D-"))));
        Assert.Equal(["AB-100", "AB-200"], await RegNos(q => q.Where(c => c.Make.ToLower() == "volvo")));
    }

    [Fact]
    public async Task Id_lists_and_collection_members_translate()
    {
        var all = await _cars.Query().ToListAsync();
        var ids = all.Where(c => c.Year > 2000).Select(c => c.Id).ToList();
        Assert.Equal(["50%_OFF\\", "AB-200", "CD-300"], await RegNos(q => q.Where(c => ids.Contains(c.Id))));
        Assert.Equal(["AB-100", "CD-300"], await RegNos(q => q.Where(c => c.Tags.Contains("red"))));
        Assert.Empty(await RegNos(q => q.Where(c => new List<Guid>().Contains(c.Id))));
    }

    [Fact]
    public async Task Ordering_skip_take_count_and_first()
    {
        var ordered = await _cars.Query().OrderBy(c => c.Make).ThenByDescending(c => c.Year).ToListAsync();
        Assert.Equal(["50%_OFF\\", "CD-400", "CD-300", "AB-200", "AB-100"], ordered.Select(c => c.RegNo));
        var page = await _cars.Query().OrderBy(c => c.Year).Skip(1).Take(2).ToListAsync();
        Assert.Equal([1998, 2005], page.Select(c => c.Year));
        Assert.Equal(2, await _cars.Query().Where(c => c.Make == "Volvo").CountAsync());
        Assert.True(await _cars.Query().Where(c => c.Make == "Saab").AnyAsync());
        Assert.False(await _cars.Query().Where(c => c.Make == "Lada").AnyAsync());
        Assert.Equal(1985, (await _cars.Query().OrderBy(c => c.Year).FirstOrDefaultAsync())!.Year);
        Assert.Null(await _cars.Query().Where(c => c.Make == "Lada").FirstOrDefaultAsync());
    }

    [Fact]
    public async Task Soft_deleted_documents_appear_only_when_included()
    {
        Assert.Equal(5, await _cars.Query().CountAsync());
        Assert.Equal(6, await _cars.Query().IncludeDeleted().CountAsync());
        Assert.Equal(["ZZ-999"], (await _cars.Query().IncludeDeleted().Where(c => c.Year == 1990).ToListAsync()).Select(c => c.RegNo));
    }

    [Fact]
    public async Task Keyset_pagination_walks_every_document_once()
    {
        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await _cars.Query().OrderByDescending(c => c.Year).After(cursor).ToPageAsync(2);
            seen.AddRange(page.Items.Select(c => c.RegNo));
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null);
        Assert.Equal(3, pages);
        Assert.Equal(["CD-300", "AB-200", "50%_OFF\\", "AB-100", "CD-400"], seen);
        await Assert.ThrowsAsync<ArgumentException>(() => _cars.Query().OrderBy(c => c.Year).After("not-a-cursor").ToListAsync());
    }

    [Fact]
    public async Task Projections_fetch_only_the_chosen_members()
    {
        var rows = await _cars.Query().Where(c => c.Make == "Volvo").OrderBy(c => c.Year).SelectAsync(c => new { c.RegNo, c.Year, City = c.Garage!.City });
        Assert.Equal(2, rows.Count);
        Assert.Equal(("AB-100", 1998, "Oslo"), (rows[0].RegNo, rows[0].Year, rows[0].City));
        Assert.Null(rows[1].City);
        var makes = await _cars.Query().OrderBy(c => c.Make).SelectAsync(c => c.Make);
        Assert.Equal(["Fiat", "Saab", "Tesla", "Volvo", "Volvo"], makes);
    }

    [Fact]
    public void Untranslatable_predicates_name_the_sub_expression()
    {
        var e = Assert.Throws<NotSupportedException>(() => _cars.Query().Where(c => c.RegNo.PadLeft(10) == "x"));
        Assert.Contains("PadLeft", e.Message, StringComparison.Ordinal);
        Assert.Contains("docs/documents.md", e.Message, StringComparison.Ordinal);
    }
}
