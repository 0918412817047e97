using System.Text.Json;

namespace Keel.Tests.Documents;

public sealed class DocumentCrudTests(CarsFixture db) : IClassFixture<CarsFixture>
{
    private readonly DocumentRepository<Car> _cars = new(db.Keel);

    private static Car NewCar(string regNo, int year = 2015) => new() { RegNo = regNo, Make = "Volvo", Year = year, Tags = ["a"] };

    [Fact]
    public void Schema_sql_has_the_table_indexes_and_duplicated_column()
    {
        var ddl = db.Keel.Documents.Mapping<Car>().SchemaSql;
        Assert.Contains("CREATE TABLE IF NOT EXISTS \"public\".\"cars\" (id uuid NOT NULL, data jsonb NOT NULL, version integer NOT NULL DEFAULT 1", ddl, StringComparison.Ordinal);
        Assert.Contains("\"sold_at\" timestamptz", ddl, StringComparison.Ordinal);
        Assert.Contains("deleted_at timestamptz", ddl, StringComparison.Ordinal);
        Assert.Contains("CREATE UNIQUE INDEX IF NOT EXISTS \"cars_reg_no_uk\" ON \"public\".\"cars\" ((data->>'regNo'));", ddl, StringComparison.Ordinal);
        Assert.Contains("((data->>'year')::integer)", ddl, StringComparison.Ordinal);
        Assert.Contains("USING gin (data jsonb_path_ops)", ddl, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Insert_assigns_a_version_7_id_and_load_returns_the_document_with_metadata()
    {
        var car = NewCar("INS-1");
        var stored = await _cars.InsertAsync(car);
        var id = stored.Document.Id;
        Assert.NotEqual(Guid.Empty, id);
        Assert.Equal(7, id.Version);
        Assert.Equal(1, stored.Version);
        var loaded = await _cars.LoadStoredAsync(id);
        Assert.NotNull(loaded);
        Assert.Equal("INS-1", loaded!.Document.RegNo);
        Assert.Equal(["a"], loaded.Document.Tags);
        Assert.Equal(1, loaded.Version);
        Assert.Null(loaded.Updated);
        Assert.True(await _cars.ExistsAsync(id));
        Assert.Null(await _cars.LoadAsync(Guid.NewGuid()));
    }

    [Fact]
    public async Task Json_follows_the_serializer_options_including_renamed_properties_and_enums()
    {
        var stored = await _cars.InsertAsync(NewCar("JSON-1") with { Mileage = 123_456, Fuel = Fuel.Electric });
        await using var s = await db.Keel.OpenSessionAsync();
        var json = await s.ScalarAsync<string>($"SELECT data::text FROM cars WHERE id = {stored.Document.Id}");
        using var doc = JsonDocument.Parse(json!);
        Assert.Equal(123_456, doc.RootElement.GetProperty("km").GetInt64());
        Assert.Equal("Electric", doc.RootElement.GetProperty("fuel").GetString());
        Assert.Equal("JSON-1", doc.RootElement.GetProperty("regNo").GetString());
    }

    [Fact]
    public async Task Inserting_a_duplicate_id_throws_DuplicateKeyException_and_writes_nothing()
    {
        var stored = await _cars.InsertAsync(NewCar("DUP-1"));
        var again = NewCar("DUP-2") with { Id = stored.Document.Id };
        var e = await Assert.ThrowsAsync<DuplicateKeyException>(() => _cars.InsertAsync(again));
        Assert.Equal(stored.Document.Id, e.Id);
        Assert.Equal("DUP-1", (await _cars.LoadAsync(stored.Document.Id))!.RegNo);
        // A unique member index is a different constraint: it stays a UniqueViolationException naming it.
        var clash = await Assert.ThrowsAsync<UniqueViolationException>(() => _cars.InsertAsync(NewCar("DUP-1")));
        Assert.Equal("cars_reg_no_uk", clash.ConstraintName);
    }

    [Fact]
    public async Task Update_checks_the_version_and_bumps_it_with_updated_set()
    {
        var stored = await _cars.InsertAsync(NewCar("UPD-1"));
        var updated = await _cars.UpdateAsync(stored with { Document = stored.Document with { Year = 2020 } });
        Assert.Equal(2, updated.Version);
        Assert.NotNull(updated.Updated);
        var stale = await Assert.ThrowsAsync<ConcurrencyException>(() => _cars.UpdateAsync(stored.Document with { Year = 1999 }, stored.Version));
        Assert.Equal(1, stale.ExpectedVersion);
        Assert.Equal(2, stale.ActualVersion);
        Assert.Equal(2020, (await _cars.LoadAsync(stored.Document.Id))!.Year);
        await Assert.ThrowsAsync<DocumentNotFoundException>(() => _cars.UpdateAsync(NewCar("GHOST") with { Id = Guid.NewGuid() }, 1));
        await Assert.ThrowsAsync<ArgumentException>(() => _cars.UpdateAsync(NewCar("NOID"), 1));
    }

    [Fact]
    public async Task Upsert_inserts_then_overwrites()
    {
        var car = NewCar("UPS-1") with { Id = Guid.CreateVersion7() };
        Assert.Equal(1, (await _cars.UpsertAsync(car)).Version);
        var second = await _cars.UpsertAsync(car with { Make = "Saab" });
        Assert.Equal(2, second.Version);
        Assert.Equal("Saab", (await _cars.LoadAsync(car.Id))!.Make);
    }

    [Fact]
    public async Task Load_many_keeps_the_requested_order_and_skips_missing_ids()
    {
        var a = (await _cars.InsertAsync(NewCar("MANY-A"))).Document.Id;
        var b = (await _cars.InsertAsync(NewCar("MANY-B"))).Document.Id;
        var c = (await _cars.InsertAsync(NewCar("MANY-C"))).Document.Id;
        var loaded = await _cars.LoadManyAsync([c, Guid.NewGuid(), a, b]);
        Assert.Equal(["MANY-C", "MANY-A", "MANY-B"], loaded.Select(x => x.RegNo));
        Assert.Empty(await _cars.LoadManyAsync([]));
    }

    [Fact]
    public async Task Soft_delete_hides_documents_until_restored()
    {
        var id = (await _cars.InsertAsync(NewCar("SOFT-1"))).Document.Id;
        Assert.True(await _cars.DeleteAsync(id));
        Assert.False(await _cars.DeleteAsync(id));
        Assert.Null(await _cars.LoadAsync(id));
        Assert.False(await _cars.ExistsAsync(id));
        await using (var s = await db.Keel.OpenSessionAsync())
            Assert.NotNull(await s.ScalarAsync<DateTimeOffset?>($"SELECT deleted_at FROM cars WHERE id = {id}"));
        Assert.True(await _cars.RestoreAsync(id));
        Assert.Equal("SOFT-1", (await _cars.LoadAsync(id))!.RegNo);
        Assert.True(await _cars.HardDeleteAsync(id));
        Assert.False(await _cars.RestoreAsync(id));
    }

    [Fact]
    public async Task Duplicated_members_are_kept_in_their_column_on_every_write()
    {
        var sold = new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);
        var stored = await _cars.InsertAsync(NewCar("DUPCOL-1") with { SoldAt = sold });
        await using var s = await db.Keel.OpenSessionAsync();
        Assert.Equal(sold, await s.ScalarAsync<DateTimeOffset?>($"SELECT sold_at FROM cars WHERE id = {stored.Document.Id}"));
        await _cars.UpdateAsync(stored with { Document = stored.Document with { SoldAt = null } });
        Assert.Null(await s.ScalarAsync<DateTimeOffset?>($"SELECT sold_at FROM cars WHERE id = {stored.Document.Id}"));
        await _cars.PatchAsync(stored.Document.Id, p => p.Set(x => x.SoldAt, sold.AddDays(1)));
        Assert.Equal(sold.AddDays(1), await s.ScalarAsync<DateTimeOffset?>($"SELECT sold_at FROM cars WHERE id = {stored.Document.Id}"));
    }

    [Fact]
    public async Task Patch_sets_increments_appends_and_removes_in_one_statement()
    {
        var stored = await _cars.InsertAsync(NewCar("PATCH-1") with { Tags = ["old", "keep"], Garage = new Address("Main 1", "Bergen") });
        var version = await _cars.PatchAsync(stored.Document.Id, p => p
            .Set(x => x.Garage!.City, "Oslo")
            .Increment(x => x.Visits)
            .Increment(x => x.Visits, 2)
            .Append(x => x.Tags, "vip")
            .Remove(x => x.Tags, "old")
            .Set(x => x.Fuel, Fuel.Diesel));
        Assert.Equal(2, version);
        var car = (await _cars.LoadAsync(stored.Document.Id))!;
        Assert.Equal("Oslo", car.Garage!.City);
        Assert.Equal("Main 1", car.Garage.Street);
        Assert.Equal(3, car.Visits);
        Assert.Equal(["keep", "vip"], car.Tags);
        Assert.Equal(Fuel.Diesel, car.Fuel);
        await Assert.ThrowsAsync<ConcurrencyException>(() => _cars.PatchAsync(stored.Document.Id, p => p.Increment(x => x.Visits), expectedVersion: 1));
        await Assert.ThrowsAsync<DocumentNotFoundException>(() => _cars.PatchAsync(Guid.NewGuid(), p => p.Increment(x => x.Visits)));
        Assert.Equal(3, (await _cars.LoadAsync(stored.Document.Id))!.Visits);
    }

    [Fact]
    public async Task Long_ids_are_supported_through_the_id_member()
    {
        var notes = new DocumentRepository<Note, long>(db.Keel);
        await notes.InsertAsync(new Note { Id = 42, Text = "hello" });
        Assert.Equal("hello", (await notes.LoadAsync(42))!.Text);
        Assert.Equal(1, await notes.CountAsync());
        Assert.Throws<ArgumentException>(() => new DocumentRepository<Note, Guid>(db.Keel));
    }

    [Fact]
    public async Task Raw_sql_returns_documents()
    {
        await _cars.InsertAsync(NewCar("RAW-1", 1970));
        var make = "Volvo";
        var found = await _cars.QueryAsync($"SELECT data FROM {_cars.Mapping.QualifiedTable} WHERE data->>'make' = {make} AND (data->>'year')::int = 1970");
        Assert.Equal("RAW-1", Assert.Single(found).RegNo);
    }
}
