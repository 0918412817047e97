using Keel.Tests.Repositories;

namespace Keel.Tests.Inheritance;

/// <summary>Server-numbered and composite keys in joined-tables and table-per-concrete-type hierarchies: schema, writes, bulk loads.</summary>
public sealed class HierarchyKeyTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    public abstract class Vehicle
    {
        public int Id { get; set; }

        public required string Plate { get; set; }
    }

    public sealed class Car : Vehicle
    {
        public int Seats { get; set; }
    }

    public sealed class Truck : Vehicle
    {
        public int Axles { get; set; }
    }

    public abstract class Entry
    {
        public int LedgerId { get; set; }

        public int Line { get; set; }

        public required string Memo { get; set; }

        [Version]
        public int Version { get; set; }
    }

    public sealed class Debit : Entry
    {
        public decimal Amount { get; set; }
    }

    public sealed class Credit : Entry
    {
        public decimal Refund { get; set; }
    }

    [Fact]
    public async Task A_joined_bulk_load_draws_identity_keys_once_and_gives_base_and_subtype_rows_the_same_ones()
    {
        await using var keel = database.CreateDataSource();
        keel.Entities.For<Vehicle>(e => e.ToTable("id_vehicles").JoinedTables()
            .Subtype<Car>("car", c => c.ToTable("id_cars")).Subtype<Truck>("truck", t => t.ToTable("id_trucks")));
        await keel.Entities.EnsureSchemaAsync();
        var vehicles = new Repository<Vehicle, int>(keel);
        var first = await vehicles.InsertAsync(new Car { Plate = "first", Seats = 2 });

        using var counter = new CommandCounter();
        Assert.Equal(3, await vehicles.BulkInsertAsync([new Car { Plate = "c1", Seats = 4 }, new Truck { Plate = "t1", Axles = 3 }, new Car { Plate = "c2", Seats = 7 }]));

        Assert.Equal(4, counter.Count);
        Assert.StartsWith("SELECT array_remove(array_agg(nextval(pg_get_serial_sequence($1, $2))::integer), NULL) FROM generate_series(1, $3)", counter.Statements[0], StringComparison.Ordinal);
        var loaded = await vehicles.Query().OrderBy(v => v.Plate).ToListAsync();
        Assert.Equal(["c1", "c2", "first", "t1"], loaded.Select(v => v.Plate));
        Assert.Equal((4, 7, 3), (((Car)loaded[0]).Seats, ((Car)loaded[1]).Seats, ((Truck)loaded[3]).Axles));
        Assert.Equal(4, loaded.Select(v => v.Id).Distinct().Count());
        Assert.All(loaded.Where(v => v.Plate != "first"), v => Assert.True(v.Id > first.Id));
        var after = await vehicles.InsertAsync(new Truck { Plate = "after", Axles = 2 });
        Assert.True(after.Id > loaded.Max(v => v.Id));

        // Without a version or timestamps the base row is still written (onto itself), so both tables change under one lock.
        var cars = new Repository<Car, int>(keel);
        Assert.Equal(1, await cars.ExecuteUpdateAsync(c => c.Seats > 5, s => s.Increment(c => c.Seats, 1)));
        Assert.Equal((8, "c2"), ((await cars.FindAsync(loaded[1].Id))!.Seats, (await cars.FindAsync(loaded[1].Id))!.Plate));
        var renamed = await cars.UpdateAsync(loaded[0].Id, s => s.Set(c => c.Plate, "c1!"));
        Assert.Equal(("c1!", 4), (renamed.Plate, renamed.Seats));
    }

    [Fact]
    public async Task A_joined_bulk_load_of_a_server_numbered_key_without_a_sequence_throws_InvalidOperationException_and_writes_nothing()
    {
        await using var keel = database.CreateDataSource();
        keel.Entities.For<Vehicle>(e => e.ToTable("bare_vehicles").JoinedTables()
            .Subtype<Car>("car", c => c.ToTable("bare_cars")).Subtype<Truck>("truck", t => t.ToTable("bare_trucks")));
        await using var session = await keel.OpenSessionAsync();
        await session.ExecuteAsync(Sql.Raw("""
            CREATE TABLE bare_vehicles (kind text NOT NULL, id integer PRIMARY KEY, plate text NOT NULL);
            CREATE TABLE bare_cars (id integer PRIMARY KEY REFERENCES bare_vehicles ON DELETE CASCADE, seats integer NOT NULL);
            CREATE TABLE bare_trucks (id integer PRIMARY KEY REFERENCES bare_vehicles ON DELETE CASCADE, axles integer NOT NULL)
            """));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new Repository<Car, int>(keel).BulkInsertAsync([new Car { Plate = "c", Seats = 1 }]));

        Assert.Contains("no identity or serial sequence", error.Message, StringComparison.Ordinal);
        Assert.Equal(0L, await session.ScalarAsync<long>($"SELECT count(*) FROM bare_vehicles"));
    }

    [Fact]
    public async Task Joined_tables_with_a_composite_key_get_a_schema_and_every_write()
    {
        await using var keel = database.CreateDataSource();
        keel.Entities.For<Entry>(e => e.ToTable("jti_entries").HasKey(x => new { x.LedgerId, x.Line }).JoinedTables()
            .Subtype<Debit>("debit", d => d.ToTable("jti_debits")).Subtype<Credit>("credit", c => c.ToTable("jti_credits")));

        var schema = keel.Entities.SchemaSql;

        Assert.Contains("CONSTRAINT \"jti_entries_pkey\" PRIMARY KEY (\"ledger_id\", \"line\")", schema, StringComparison.Ordinal);
        Assert.Contains("CONSTRAINT \"jti_debits_pkey\" PRIMARY KEY (\"ledger_id\", \"line\"),\n    CONSTRAINT \"jti_debits_ledger_id_line_fkey\" FOREIGN KEY (\"ledger_id\", \"line\") REFERENCES \"public\".\"jti_entries\" (\"ledger_id\", \"line\") ON DELETE CASCADE", schema, StringComparison.Ordinal);
        await keel.Entities.EnsureSchemaAsync();
        await AssertCompositeWritesAsync(keel);
    }

    [Fact]
    public async Task Tables_per_concrete_type_with_a_composite_key_get_a_schema_and_every_write()
    {
        await using var keel = database.CreateDataSource();
        keel.Entities.For<Entry>(e => e.HasKey(x => new { x.LedgerId, x.Line }).TablePerConcreteType()
            .Subtype<Debit>("debit", d => d.ToTable("tpc_debits")).Subtype<Credit>("credit", c => c.ToTable("tpc_credits")));

        var schema = keel.Entities.SchemaSql;

        Assert.Contains("CONSTRAINT \"tpc_debits_pkey\" PRIMARY KEY (\"ledger_id\", \"line\")", schema, StringComparison.Ordinal);
        Assert.Contains("CONSTRAINT \"tpc_credits_pkey\" PRIMARY KEY (\"ledger_id\", \"line\")", schema, StringComparison.Ordinal);
        Assert.DoesNotContain("IDENTITY", schema, StringComparison.Ordinal);
        await keel.Entities.EnsureSchemaAsync();
        await AssertCompositeWritesAsync(keel);
    }

    private static async Task AssertCompositeWritesAsync(KeelDataSource keel)
    {
        var entries = new Repository<Entry, (int, int)>(keel);
        var debits = new Repository<Debit, (int, int)>(keel);
        await entries.InsertAsync(new Debit { LedgerId = 1, Line = 1, Memo = "rent", Amount = 10m });
        await entries.InsertAsync(new Credit { LedgerId = 1, Line = 2, Memo = "refund", Refund = 3m });

        Assert.IsType<Credit>(await entries.FindAsync((1, 2)));
        Assert.Equal(2, await entries.ExecuteUpdateAsync(e => e.LedgerId == 1, s => s.Set(e => e.Memo, "closed")));
        var raised = await debits.UpdateAsync((1, 1), s => s.Increment(d => d.Amount, 5m));
        Assert.Equal((15m, "closed", 3), (raised.Amount, raised.Memo, raised.Version));
        Assert.Equal(2, await debits.BulkInsertAsync([new Debit { LedgerId = 1, Line = 3, Memo = "a", Amount = 1m }, new Debit { LedgerId = 2, Line = 1, Memo = "b", Amount = 2m }]));
        var upserted = Assert.IsType<Debit>(await entries.UpsertAsync(new Debit { LedgerId = 1, Line = 3, Memo = "again", Amount = 4m }));
        Assert.Equal(("again", 4m, 2), (upserted.Memo, upserted.Amount, upserted.Version));
        Assert.True(await entries.DeleteAsync((1, 2)));
        Assert.Equal([(1, 1), (1, 3), (2, 1)], (await entries.Query().OrderBy(e => e.LedgerId).ThenBy(e => e.Line).ToListAsync()).Select(e => (e.LedgerId, e.Line)));
        await Assert.ThrowsAsync<UniqueViolationException>(() => debits.BulkInsertAsync([new Debit { LedgerId = 9, Line = 1, Memo = "x" }, new Debit { LedgerId = 9, Line = 1, Memo = "y" }]));
        Assert.Equal(0, await entries.CountAsync(e => e.LedgerId == 9));
    }
}
