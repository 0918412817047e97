namespace Keel.Tests;

public enum Plan
{
    Free,
    Pro,
    Enterprise,
}

public sealed record Person(int Id, string FullName, string? Nickname, DateTimeOffset CreatedAt, Plan Plan, decimal Balance);

public sealed class PersonRow
{
    public int Id { get; set; }

    public string FullName { get; set; } = string.Empty;

    public string? Nickname { get; set; }

    public Plan Plan { get; set; }

    public int? Score { get; set; }
}

public sealed record Tiny(int Id, int Score);

public sealed class QueryMappingTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await using var s = await db.Keel.OpenSessionAsync();
        await s.ExecuteAsync($"""
            CREATE TABLE IF NOT EXISTS people (
                id int PRIMARY KEY, full_name text NOT NULL, nickname text, created_at timestamptz NOT NULL DEFAULT now(),
                plan text NOT NULL, plan_code int NOT NULL, balance numeric(12,2) NOT NULL, score int)
            """);
        await s.ExecuteAsync($"TRUNCATE people");
        await s.ExecuteAsync($"""
            INSERT INTO people (id, full_name, nickname, plan, plan_code, balance, score) VALUES
              (1, 'Ada Lovelace', NULL, 'Pro', 1, 10.50, 7),
              (2, 'Grace Hopper', 'Amazing Grace', 'enterprise', 2, 0, NULL),
              (3, 'Alan Turing', NULL, 'free', 0, 99.99, 3)
            """);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Records_map_through_their_constructor_snake_case_aware()
    {
        await using var s = await db.Keel.OpenSessionAsync();
        var people = await s.QueryAsync<Person>($"SELECT id, full_name, nickname, created_at, plan, balance FROM people ORDER BY id");
        Assert.Equal(3, people.Count);
        Assert.Equal(new[] { "Ada Lovelace", "Grace Hopper", "Alan Turing" }, people.Select(p => p.FullName));
        Assert.Null(people[0].Nickname);
        Assert.Equal("Amazing Grace", people[1].Nickname);
        Assert.Equal([Plan.Pro, Plan.Enterprise, Plan.Free], people.Select(p => p.Plan));
        Assert.Equal(99.99m, people[2].Balance);
        Assert.True(people[0].CreatedAt > DateTimeOffset.UtcNow.AddMinutes(-5));
    }

    [Fact]
    public async Task Classes_map_through_settable_properties_and_enums_from_integers()
    {
        await using var s = await db.Keel.OpenSessionAsync();
        var rows = await s.QueryAsync<PersonRow>($"SELECT id, full_name, nickname, plan_code AS plan, score, 'ignored' AS extra FROM people ORDER BY id");
        Assert.Equal([Plan.Pro, Plan.Enterprise, Plan.Free], rows.Select(r => r.Plan));
        Assert.Equal([7, null, 3], rows.Select(r => r.Score));
    }

    [Fact]
    public async Task Scalars_map_directly()
    {
        await using var s = await db.Keel.OpenSessionAsync();
        Assert.Equal(3L, await s.ScalarAsync<long>($"SELECT count(*) FROM people"));
        Assert.Equal("Ada Lovelace", await s.ScalarAsync<string>($"SELECT full_name FROM people WHERE id = {1}"));
        Assert.Null(await s.ScalarAsync<int?>($"SELECT score FROM people WHERE id = {2}"));
        Assert.Equal(Plan.Enterprise, await s.ScalarAsync<Plan>($"SELECT plan FROM people WHERE id = {2}"));
        Assert.Equal(Plan.Free, await s.ScalarAsync<Plan>($"SELECT plan_code FROM people WHERE id = {3}"));
        Assert.Null(await s.ScalarAsync<string>($"SELECT full_name FROM people WHERE id = {404}"));
        var ids = await s.QueryAsync<int>($"SELECT id FROM people WHERE id = ANY({new[] { 1, 3 }}) ORDER BY id");
        Assert.Equal([1, 3], ids);
    }

    [Fact]
    public async Task Collections_in_holes_bind_as_one_array_parameter_whatever_the_hole_type()
    {
        await using var s = await db.Keel.OpenSessionAsync();
        IReadOnlyList<int> ids = [1, 3];
        IReadOnlyCollection<string> names = new List<string> { "Ada Lovelace" };
        IReadOnlyList<Guid> guids = [Guid.Empty];
        Sql byIds = $"SELECT id FROM people WHERE id = ANY({ids}) ORDER BY id";
        Assert.Equal(1, byIds.ParameterCount);
        Assert.Equal([1, 3], await s.QueryAsync<int>(byIds));
        Assert.Equal([1], await s.QueryAsync<int>($"SELECT id FROM people WHERE full_name = ANY({names})"));
        Assert.Equal(1, await s.ScalarAsync<int>($"SELECT cardinality({guids}::uuid[])"));
    }

    [Fact]
    public async Task Null_parameters_bind_as_typed_nulls()
    {
        await using var s = await db.Keel.OpenSessionAsync();
        string? nothing = null;
        int? noNumber = null;
        Assert.True(await s.ScalarAsync<bool>($"SELECT {nothing}::text IS NULL AND {noNumber} IS NULL"));
        Assert.Equal(2L, await s.ScalarAsync<long>($"SELECT count(*) FROM people WHERE nickname IS NOT DISTINCT FROM {nothing}"));
    }

    [Fact]
    public async Task Null_into_a_non_nullable_member_throws_a_clear_error()
    {
        await using var s = await db.Keel.OpenSessionAsync();
        var e = await Assert.ThrowsAsync<KeelException>(() => s.QueryAsync<Tiny>($"SELECT id, score FROM people ORDER BY id"));
        Assert.Contains("score", e.Message, StringComparison.Ordinal);
        Assert.Contains("NULL cannot be stored in non-nullable Int32 (Tiny(Score) <- column \"score\")", e.Message, StringComparison.Ordinal);

        // A value of the wrong type is not a NULL: the driver's own error comes through.
        await Assert.ThrowsAsync<InvalidCastException>(() => s.QueryAsync<Tiny>($"SELECT id, 1.5::float8 AS score FROM people ORDER BY id"));
    }

    [Fact]
    public async Task A_constructor_without_matching_columns_throws_naming_the_columns()
    {
        await using var s = await db.Keel.OpenSessionAsync();
        var e = await Assert.ThrowsAsync<KeelException>(() => s.QueryAsync<Person>($"SELECT id FROM people"));
        Assert.Contains("Person", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Single_or_default_returns_default_for_no_row_and_throws_for_two()
    {
        await using var s = await db.Keel.OpenSessionAsync();
        Assert.Null(await s.QuerySingleOrDefaultAsync<Person>($"SELECT id, full_name, nickname, created_at, plan, balance FROM people WHERE id = {404}"));
        var one = await s.QuerySingleOrDefaultAsync<Person>($"SELECT id, full_name, nickname, created_at, plan, balance FROM people WHERE id = {2}");
        Assert.Equal("Grace Hopper", one!.FullName);
        await Assert.ThrowsAsync<KeelException>(() => s.QuerySingleOrDefaultAsync<int>($"SELECT id FROM people"));
        // The session stays usable after that error.
        Assert.Equal(1, await s.ScalarAsync<int>($"SELECT 1"));
    }

    [Fact]
    public async Task The_same_type_maps_different_column_shapes()
    {
        await using var s = await db.Keel.OpenSessionAsync();
        var a = await s.QueryAsync<PersonRow>($"SELECT id, full_name FROM people ORDER BY id");
        var b = await s.QueryAsync<PersonRow>($"SELECT full_name, id, score FROM people ORDER BY id");
        Assert.Equal(a.Select(r => r.Id), b.Select(r => r.Id));
        Assert.All(a, r => Assert.Null(r.Score));
        Assert.Equal(7, b[0].Score);
    }

    [Fact]
    public async Task Streaming_yields_rows_one_by_one_and_can_stop_early()
    {
        await using var s = await db.Keel.OpenSessionAsync();
        var seen = new List<int>();
        await foreach (var id in s.StreamAsync<int>($"SELECT g FROM generate_series(1, 10000) g"))
        {
            seen.Add(id);
            if (seen.Count == 5)
                break;
        }

        Assert.Equal([1, 2, 3, 4, 5], seen);
        var total = 0L;
        await foreach (var id in s.StreamAsync<long>($"SELECT g FROM generate_series(1, 1000) g"))
            total += id;
        Assert.Equal(500500L, total);
    }

    [Fact]
    public async Task A_batch_runs_in_one_round_trip_and_is_atomic()
    {
        await using var s = await db.Keel.OpenSessionAsync();
        await s.ExecuteAsync($"CREATE TABLE IF NOT EXISTS batch_items (id int PRIMARY KEY)");
        var ok = await s.ExecuteBatchAsync([(Sql)$"INSERT INTO batch_items VALUES ({1})", (Sql)$"INSERT INTO batch_items VALUES ({2})"]);
        Assert.Equal(2, ok);
        await Assert.ThrowsAsync<UniqueViolationException>(() =>
            s.ExecuteBatchAsync([(Sql)$"INSERT INTO batch_items VALUES ({3})", (Sql)$"INSERT INTO batch_items VALUES ({1})"]));
        Assert.Equal(2L, await s.ScalarAsync<long>($"SELECT count(*) FROM batch_items"));
        await Assert.ThrowsAsync<ArgumentException>(() => s.ExecuteBatchAsync([]));
    }

    [Fact]
    public async Task Batches_of_the_same_shape_reuse_the_driver_batch_with_fresh_values()
    {
        await using var s = await db.Keel.OpenSessionAsync();
        await s.ExecuteAsync($"CREATE TABLE IF NOT EXISTS batch_rows (id int PRIMARY KEY, label text)");
        static List<Sql> Rows(int from, int count)
        {
            var rows = new List<Sql>();
            for (var i = from; i < from + count; i++)
            {
                string? label = i % 3 == 0 ? null : "row " + i;
                rows.Add($"INSERT INTO batch_rows (id, label) VALUES ({i}, {label})");
            }

            return rows;
        }

        Assert.Equal(5, await s.ExecuteBatchAsync(Rows(1, 5)));
        Assert.Equal(5, await s.ExecuteBatchAsync(Rows(6, 5)));
        Assert.Equal(3, await s.ExecuteBatchAsync(Rows(11, 3)));
        await Assert.ThrowsAsync<UniqueViolationException>(() => s.ExecuteBatchAsync(Rows(14, 3).Concat(Rows(1, 1)).ToList()));
        Assert.Equal(4, await s.ExecuteBatchAsync(Rows(14, 4)));
        long widened = 99;
        Assert.Equal(1, await s.ExecuteBatchAsync([(Sql)$"INSERT INTO batch_rows (id, label) VALUES ({widened}, {"long id"})"]));
        var rows = await s.QueryAsync<(int, string?)>($"SELECT id, label FROM batch_rows ORDER BY id");
        Assert.Equal(Enumerable.Range(1, 17).Append(99), rows.Select(r => r.Item1));
        Assert.Equal("row 7", await s.ScalarAsync<string>($"SELECT label FROM batch_rows WHERE id = 7"));
        Assert.Null(await s.ScalarAsync<string>($"SELECT label FROM batch_rows WHERE id = 9"));
        await Assert.ThrowsAsync<KeelException>(() => s.QueryAsync<(int, string?)>($"SELECT id FROM batch_rows"));
    }

    [Fact]
    public async Task A_disposed_session_refuses_commands()
    {
        var s = await db.Keel.OpenSessionAsync();
        await s.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => s.ScalarAsync<int>($"SELECT 1"));
    }
}
