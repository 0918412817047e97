namespace Keel.Tests;

public sealed class ErrorMappingTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await using var s = await db.Keel.OpenSessionAsync();
        await s.ExecuteAsync($"""
            CREATE TABLE IF NOT EXISTS parents (id int PRIMARY KEY, code text NOT NULL CONSTRAINT parents_code_key UNIQUE);
            CREATE TABLE IF NOT EXISTS children (id int PRIMARY KEY, parent_id int NOT NULL REFERENCES parents(id),
                age int CONSTRAINT children_age_check CHECK (age >= 0));
            """);
        await s.ExecuteAsync($"TRUNCATE children, parents");
        await s.ExecuteAsync($"INSERT INTO parents VALUES (1, 'a')");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Unique_violation_maps_to_UniqueViolationException_with_constraint_name()
    {
        await using var s = await db.Keel.OpenSessionAsync();
        var e = await Assert.ThrowsAsync<UniqueViolationException>(() => s.ExecuteAsync($"INSERT INTO parents VALUES ({2}, {"a"})"));
        Assert.Equal("parents_code_key", e.ConstraintName);
        Assert.Equal("23505", e.SqlState);
        Assert.Equal("parents", e.TableName);
        Assert.Same(e.PostgresException, e.InnerException);
        Assert.Equal(1L, await s.ScalarAsync<long>($"SELECT count(*) FROM parents"));
    }

    [Fact]
    public async Task Foreign_key_violation_maps_to_ForeignKeyViolationException()
    {
        await using var s = await db.Keel.OpenSessionAsync();
        var e = await Assert.ThrowsAsync<ForeignKeyViolationException>(() => s.ExecuteAsync($"INSERT INTO children VALUES ({1}, {99}, {3})"));
        Assert.Equal("23503", e.SqlState);
        Assert.Equal(0L, await s.ScalarAsync<long>($"SELECT count(*) FROM children"));
    }

    [Fact]
    public async Task Check_violation_maps_to_CheckViolationException()
    {
        await using var s = await db.Keel.OpenSessionAsync();
        var e = await Assert.ThrowsAsync<CheckViolationException>(() => s.ExecuteAsync($"INSERT INTO children VALUES ({2}, {1}, {-1})"));
        Assert.Equal("children_age_check", e.ConstraintName);
        Assert.Equal(0L, await s.ScalarAsync<long>($"SELECT count(*) FROM children WHERE id = 2"));
    }

    [Fact]
    public async Task Not_null_violation_maps_to_NotNullViolationException_naming_the_column()
    {
        await using var s = await db.Keel.OpenSessionAsync();
        string? code = null;
        var e = await Assert.ThrowsAsync<NotNullViolationException>(() => s.ExecuteAsync($"INSERT INTO parents VALUES ({3}, {code})"));
        Assert.Equal("code", e.ColumnName);
        Assert.Equal(1L, await s.ScalarAsync<long>($"SELECT count(*) FROM parents"));
    }

    [Fact]
    public async Task Statement_timeout_maps_to_QueryCanceledException()
    {
        await using var s = await db.Keel.OpenSessionAsync();
        await s.ExecuteAsync($"SET statement_timeout = '100ms'");
        var e = await Assert.ThrowsAsync<QueryCanceledException>(() => s.ExecuteAsync($"SELECT pg_sleep(5)"));
        Assert.Equal("57014", e.SqlState);
        await s.ExecuteAsync($"RESET statement_timeout");
    }

    [Fact]
    public async Task Serialization_failure_maps_to_SerializationFailureException()
    {
        await using var s = await db.Keel.OpenSessionAsync();
        await s.ExecuteAsync($"CREATE TABLE IF NOT EXISTS ser (id int PRIMARY KEY, v int); INSERT INTO ser VALUES (1, 0) ON CONFLICT DO NOTHING");
        await using var a = await db.Keel.OpenSessionAsync();
        await using var b = await db.Keel.OpenSessionAsync();
        await using var ta = await a.BeginTransactionAsync(new TransactionOptions { Isolation = Isolation.RepeatableRead });
        await ta.ScalarAsync<int>($"SELECT v FROM ser WHERE id = 1");
        await b.ExecuteAsync($"UPDATE ser SET v = v + 1 WHERE id = 1");
        var e = await Assert.ThrowsAsync<SerializationFailureException>(() => ta.ExecuteAsync($"UPDATE ser SET v = v + 1 WHERE id = 1"));
        Assert.True(e.IsRetryable);
    }

    [Fact]
    public async Task Deadlock_maps_to_DeadlockException()
    {
        await using var setup = await db.Keel.OpenSessionAsync();
        await setup.ExecuteAsync($"CREATE TABLE IF NOT EXISTS dl (id int PRIMARY KEY, v int); INSERT INTO dl VALUES (1, 0), (2, 0) ON CONFLICT DO NOTHING");
        await using var a = await db.Keel.OpenSessionAsync();
        await using var b = await db.Keel.OpenSessionAsync();
        await using var ta = await a.BeginTransactionAsync();
        await using var tb = await b.BeginTransactionAsync();
        await ta.ExecuteAsync($"SET LOCAL deadlock_timeout = '50ms'");
        await tb.ExecuteAsync($"SET LOCAL deadlock_timeout = '50ms'");
        await ta.ExecuteAsync($"UPDATE dl SET v = v + 1 WHERE id = 1");
        await tb.ExecuteAsync($"UPDATE dl SET v = v + 1 WHERE id = 2");
        var first = ta.ExecuteAsync($"UPDATE dl SET v = v + 1 WHERE id = 2");
        var second = tb.ExecuteAsync($"UPDATE dl SET v = v + 1 WHERE id = 1");
        var results = await Task.WhenAll(Capture(first), Capture(second));
        var deadlock = Assert.Single(results.OfType<DeadlockException>());
        Assert.Equal("40P01", deadlock.SqlState);
        Assert.True(deadlock.IsRetryable);
    }

    [Fact]
    public async Task Lock_not_available_maps_to_LockNotAvailableException()
    {
        await using var a = await db.Keel.OpenSessionAsync();
        await using var b = await db.Keel.OpenSessionAsync();
        await using var ta = await a.BeginTransactionAsync();
        await ta.QueryAsync<int>($"SELECT id FROM parents WHERE id = 1", CommandOptions.WithLock(RowLock.ForUpdate));
        await using var tb = await b.BeginTransactionAsync();
        var e = await Assert.ThrowsAsync<LockNotAvailableException>(() =>
            tb.QueryAsync<int>($"SELECT id FROM parents WHERE id = 1", CommandOptions.WithLock(RowLock.ForUpdate, LockWait.NoWait)));
        Assert.Equal("55P03", e.SqlState);
    }

    [Fact]
    public async Task Other_errors_map_to_KeelDatabaseException_with_the_sqlstate()
    {
        await using var s = await db.Keel.OpenSessionAsync();
        var e = await Assert.ThrowsAsync<KeelDatabaseException>(() => s.ExecuteAsync($"SELECT * FROM no_such_table"));
        Assert.Equal("42P01", e.SqlState);
        Assert.False(e.IsRetryable);
    }

    private static async Task<Exception?> Capture(Task task)
    {
        try
        {
            await task;
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }
}
