namespace Keel.Tests.Migrations;

/// <summary>
/// The linter's claims about rewrites, checked against a real server: a rewrite gives the table a new
/// relfilenode, a metadata-only change keeps it. Each case also asserts the linter agrees.
/// </summary>
public sealed class LockClaimsTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private static readonly MigrationLinter Linter = new();

    [Theory]
    [InlineData("ALTER TABLE {0} ALTER COLUMN n TYPE bigint", true, "change-column-type")]
    [InlineData("ALTER TABLE {0} ADD COLUMN at timestamptz DEFAULT clock_timestamp()", true, "add-column-volatile-default")]
    [InlineData("ALTER TABLE {0} ADD COLUMN token uuid DEFAULT gen_random_uuid()", true, "add-column-volatile-default")]
    [InlineData("ALTER TABLE {0} ADD COLUMN k bigint GENERATED ALWAYS AS IDENTITY", true, "add-column-volatile-default")]
    [InlineData("ALTER TABLE {0} ADD COLUMN flag boolean NOT NULL DEFAULT false", false, "add-column-volatile-default")]
    [InlineData("ALTER TABLE {0} ADD COLUMN at timestamptz DEFAULT now()", false, "add-column-volatile-default")]
    [InlineData("ALTER TABLE {0} ALTER COLUMN name TYPE text", false, "change-column-type")]
    [InlineData("ALTER TABLE {0} ALTER COLUMN name TYPE varchar(20)", false, "change-column-type")]
    public async Task Rewrite_claims_match_relfilenode_changes(string alter, bool rewrites, string rule)
    {
        var table = "t_" + Guid.NewGuid().ToString("N")[..12];
        await using var session = await db.Keel.OpenSessionAsync();
        await session.ExecuteAsync(Sql.Raw($"CREATE TABLE {table} (id bigint PRIMARY KEY, n int NOT NULL, name varchar(10))"));
        await session.ExecuteAsync(Sql.Raw($"INSERT INTO {table} SELECT g, g, 'x' FROM generate_series(1, 100) g"));
        var before = await RelFileNodeAsync(session, table);

        var statement = string.Format(System.Globalization.CultureInfo.InvariantCulture, alter, table);
        await session.ExecuteAsync(Sql.Raw(statement));
        var after = await RelFileNodeAsync(session, table);

        Assert.Equal(rewrites, before != after);
        var findings = Linter.Lint(statement).Select(f => f.Rule);
        if (rewrites)
            Assert.Contains(rule, findings);
        else
            Assert.DoesNotContain(rule, findings);
    }

    [Fact]
    public void Finding_for_a_rewrite_says_it_rewrites_under_access_exclusive()
    {
        var finding = Assert.Single(Linter.Lint("ALTER TABLE t ALTER COLUMN n TYPE bigint"));

        Assert.Contains("ACCESS EXCLUSIVE", finding.Message, StringComparison.Ordinal);
        Assert.Contains("rewrites", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_index_holds_share_and_concurrently_cannot_run_in_a_transaction()
    {
        var table = "t_" + Guid.NewGuid().ToString("N")[..12];
        await using var session = await db.Keel.OpenSessionAsync();
        await session.ExecuteAsync(Sql.Raw($"CREATE TABLE {table} (id bigint PRIMARY KEY, n int)"));
        await using (var tx = await session.BeginTransactionAsync())
        {
            await tx.ExecuteAsync(Sql.Raw($"CREATE INDEX ON {table} (n)"));
            var mode = await tx.ScalarAsync<string>(Sql.Raw(
                $"SELECT mode FROM pg_locks WHERE relation = '{table}'::regclass AND pid = pg_backend_pid() ORDER BY mode DESC LIMIT 1"));
            Assert.Equal("ShareLock", mode);
        }

        var concurrently = $"CREATE INDEX CONCURRENTLY ON {table} (id, n)";
        Assert.True(MigrationLinter.CannotRunInTransaction(SqlScript.Split(concurrently)[0]));
        await using var tx2 = await session.BeginTransactionAsync();
        var error = await Assert.ThrowsAnyAsync<KeelDatabaseException>(() => tx2.ExecuteAsync(Sql.Raw(concurrently)));
        Assert.Equal("25001", error.SqlState);
    }

    private static Task<long> RelFileNodeAsync(KeelSession session, string table)
        => session.ScalarAsync<long>(Sql.Raw($"SELECT relfilenode::bigint FROM pg_class WHERE oid = '{table}'::regclass"));
}
