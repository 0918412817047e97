namespace Keel.Tests.Documents;

public sealed class CarRepositoryTests(CarsFixture db) : IClassFixture<CarsFixture>
{
    private readonly CarRepository _cars = new(db.Keel);
    private readonly DriverRepository _drivers = new(db.Keel);

    [Fact]
    public async Task Fetch_before_year_is_a_domain_query_on_the_repository()
    {
        await _cars.InsertAsync(new Car { RegNo = "FBY-1", Make = "Ford", Year = 1960 });
        await _cars.InsertAsync(new Car { RegNo = "FBY-2", Make = "Ford", Year = 1955 });
        await _cars.InsertAsync(new Car { RegNo = "FBY-3", Make = "Ford", Year = 2020 });
        var old = await _cars.FetchBeforeYearAsync(1970);
        Assert.Equal(["FBY-2", "FBY-1"], old.Select(c => c.RegNo));
    }

    [Fact]
    public async Task Changing_the_owner_updates_car_and_driver_in_one_transaction()
    {
        var drivers = _drivers.ForTenant("acme");
        await drivers.InsertAsync(new Driver { Id = "d-ann", Email = "ann@acme.test", Name = "Ann" });
        var car = (await _cars.InsertAsync(new Car { RegNo = "OWN-1", Make = "Volvo", Year = 2010 })).Document;

        // The use case: both repositories bound to the transaction; the bound copies keep their own types.
        await db.Keel.InTransactionAsync(async (tx, ct) =>
        {
            var cars = _cars.In(tx);
            var people = drivers.In(tx);
            var owner = await people.FetchByEmailAsync("ann@acme.test", ct) ?? throw new InvalidOperationException("no owner");
            var stored = (await cars.LoadStoredAsync(car.Id, ct))!;
            await cars.UpdateAsync(stored with { Document = stored.Document with { OwnerEmail = owner.Email } }, ct);
            await people.PatchAsync(owner.Id, p => p.Set(d => d.Name, "Ann (owner of OWN-1)"), cancellationToken: ct);
        });
        Assert.Equal("ann@acme.test", (await _cars.LoadAsync(car.Id))!.OwnerEmail);
        Assert.Equal("Ann (owner of OWN-1)", (await drivers.LoadAsync("d-ann"))!.Name);
    }

    [Fact]
    public async Task A_failure_in_the_use_case_rolls_back_both_repositories()
    {
        var drivers = _drivers.ForTenant("acme");
        await drivers.InsertAsync(new Driver { Id = "d-bo", Email = "bo@acme.test", Name = "Bo" });
        var car = (await _cars.InsertAsync(new Car { RegNo = "OWN-2", Make = "Volvo", Year = 2011 })).Document;

        await Assert.ThrowsAsync<InvalidOperationException>(() => db.Keel.InTransactionAsync(async (tx, ct) =>
        {
            var stored = (await _cars.In(tx).LoadStoredAsync(car.Id, ct))!;
            await _cars.In(tx).UpdateAsync(stored with { Document = stored.Document with { OwnerEmail = "bo@acme.test" } }, ct);
            await drivers.In(tx).PatchAsync("d-bo", p => p.Set(d => d.Name, "Bo (owner)"), cancellationToken: ct);
            throw new InvalidOperationException("payment declined");
        }));
        Assert.Null((await _cars.LoadAsync(car.Id))!.OwnerEmail);
        Assert.Equal("Bo", (await drivers.LoadAsync("d-bo"))!.Name);
        Assert.Equal(1, (await _cars.LoadStoredAsync(car.Id))!.Version);
    }

    [Fact]
    public async Task Concurrent_read_modify_write_with_retry_on_ConcurrencyException_loses_no_increment()
    {
        var id = (await _cars.InsertAsync(new Car { RegNo = "RMW-1", Make = "Volvo", Year = 2000 })).Document.Id;
        var conflicts = 0;
        var tasks = Enumerable.Range(0, 10).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                while (true)
                {
                    var stored = (await _cars.LoadStoredAsync(id))!;
                    try
                    {
                        await _cars.UpdateAsync(stored with { Document = stored.Document with { Visits = stored.Document.Visits + 1 } });
                        break;
                    }
                    catch (ConcurrencyException)
                    {
                        Interlocked.Increment(ref conflicts);
                    }
                }
            }
        }));
        await Task.WhenAll(tasks);
        var final = (await _cars.LoadStoredAsync(id))!;
        Assert.Equal(100, final.Document.Visits);
        Assert.Equal(101, final.Version);
        Assert.True(conflicts > 0, "ten writers on one document should have collided at least once");
    }

    [Fact]
    public async Task An_equality_query_on_an_indexed_member_uses_the_index()
    {
        var bulk = Enumerable.Range(0, 10_000).Select(i => new Car { RegNo = $"IDX-{i:D5}", Make = i % 2 == 0 ? "Volvo" : "Saab", Year = 1950 + (i % 70) });
        await _cars.BulkInsertAsync(bulk);
        await using var s = await db.Keel.OpenSessionAsync();
        // VACUUM moves the fresh rows out of the GIN index's pending list, as autovacuum would.
        await s.ExecuteAsync($"VACUUM ANALYZE cars");

        // RegNo has its own expression index: equality reads (data->>'regNo') and the btree serves it.
        var query = _cars.Query().Where(c => c.RegNo == "IDX-04242");
        Assert.Equal("IDX-04242", Assert.Single(await query.ToListAsync()).RegNo);
        var plan = await PlanAsync(s, query);
        Assert.True(!plan.Contains("Seq Scan", StringComparison.Ordinal), plan);
        Assert.Contains("cars_reg_no_uk", plan, StringComparison.Ordinal);

        // Make has no index of its own: equality is written as containment and the GIN index serves it.
        var gin = await PlanAsync(s, _cars.Query().Where(c => c.Make == "Lada"));
        Assert.True(!gin.Contains("Seq Scan", StringComparison.Ordinal), gin);
        Assert.Contains("cars_data_gin", gin, StringComparison.Ordinal);
        var range = _cars.Query().Where(c => c.Year == 1960 && c.RegNo.StartsWith("IDX-0"));
        Assert.Contains("cars_year_idx", await PlanAsync(s, _cars.Query().Where(c => c.Year < 1951)), StringComparison.Ordinal);
        // The id member is the primary key column, not a JSON path.
        var someId = (await _cars.Query().Where(c => c.RegNo == "IDX-00001").FirstOrDefaultAsync())!.Id;
        var byId = await PlanAsync(s, _cars.Query().Where(c => c.Id == someId));
        Assert.True(byId.Contains("cars_pkey", StringComparison.Ordinal) || byId.Contains("cars_live_idx", StringComparison.Ordinal), byId);
        Assert.Equal("IDX-00001", Assert.Single(await _cars.Query().Where(c => c.Id == someId).ToListAsync()).RegNo);
        Assert.NotEmpty(await range.ToListAsync());
    }

    private static async Task<string> PlanAsync(KeelSession session, DocumentQuery<Car, Guid> query)
        => string.Join('\n', await session.QueryAsync<string>($"EXPLAIN {query.Statement(Sql.Raw("data"), null)}"));
}
