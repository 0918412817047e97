namespace Keel.Tests.Migrations;

/// <summary>The runner against a real database: a fresh database per test (migrations change schema globally).</summary>
public sealed class MigrationRunnerTests : MigrationsWorkspace
{
#pragma warning disable IL2026 // tests discover C# migrations by reflection on purpose
    private MigrationRunner Runner(MigrationOptions? options = null) => new(Db.Keel, (options ?? new MigrationOptions()) with { Directory = Dir });
#pragma warning restore IL2026

    private async Task<IReadOnlyList<HistoryRow>> HistoryAsync() => (await Runner().StatusAsync()).History;

    [Fact]
    public async Task Up_applies_pending_migrations_in_order_and_records_history()
    {
        Write("V001__create_users.sql", "CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL);\n-- keel:down\nDROP TABLE users;");
        Write("V002__create_posts.sql", "CREATE TABLE posts (id bigint PRIMARY KEY, user_id bigint REFERENCES users(id));\nCREATE INDEX posts_user_id_idx ON posts (user_id);");
        Write("U002__create_posts.sql", "DROP TABLE posts;");
        var runner = Runner();
        var status = await runner.StatusAsync();
        Assert.Equal(2, status.Pending.Count);
        Assert.Empty(status.Applied);

        var steps = await runner.UpAsync();
        Assert.Equal([1L, 2L], steps.Select(s => s.Migration.Version!.Value));
        Assert.True(await TableExistsAsync("posts"));
        var history = await HistoryAsync();
        Assert.Equal(2, history.Count);
        Assert.All(history, h => Assert.True(h.Success));
        Assert.Equal(64, history[0].Checksum!.Length);
        Assert.Equal("SQL", history[0].Type);
        Assert.Empty(await runner.UpAsync());
        Assert.Equal(2L, (await runner.StatusAsync()).CurrentVersion);
    }

    [Fact]
    public async Task Up_to_a_target_and_down_to_a_target_walk_the_versions()
    {
        Write("V1__a.sql", "CREATE TABLE a (id int);\n-- keel:down\nDROP TABLE a;");
        Write("V2__b.sql", "CREATE TABLE b (id int);\n-- keel:down\nDROP TABLE b;");
        Write("V3__c.sql", "CREATE TABLE c (id int);\n-- keel:down\nDROP TABLE c;");
        var runner = Runner();
        Assert.Single(await runner.UpAsync(target: 1));
        Assert.False(await TableExistsAsync("b"));
        Assert.Equal(2, (await runner.UpAsync()).Count);
        var down = await runner.DownAsync(1);
        Assert.Equal([3L, 2L], down.Select(s => s.Migration.Version!.Value));
        Assert.True(await TableExistsAsync("a"));
        Assert.False(await TableExistsAsync("b"));
        Assert.Equal(1L, (await runner.StatusAsync()).CurrentVersion);
        Assert.Equal(2, (await runner.UpAsync()).Count);
    }

    [Fact]
    public async Task Down_without_a_down_part_fails_before_anything_runs()
    {
        Write("V1__a.sql", "CREATE TABLE a (id int);\n-- keel:down\nDROP TABLE a;");
        Write("V2__b.sql", "CREATE TABLE b (id int);");
        var runner = Runner();
        await runner.UpAsync();
        var e = await Assert.ThrowsAsync<MigrationException>(() => runner.DownAsync(0));
        Assert.Contains("V2", e.Message, StringComparison.Ordinal);
        Assert.True(await TableExistsAsync("a"));
        Assert.True(await TableExistsAsync("b"));
    }

    [Fact]
    public async Task A_failure_in_mode_each_leaves_nothing_of_the_failed_migration_and_history_says_so()
    {
        Write("V1__ok.sql", "CREATE TABLE ok (id int);");
        Write("V2__broken.sql", "CREATE TABLE half (id int);\nINSERT INTO no_such_table VALUES (1);");
        var runner = Runner();
        var e = await Assert.ThrowsAsync<MigrationFailedException>(() => runner.UpAsync());
        Assert.Contains("V2", e.Migration, StringComparison.Ordinal);
        Assert.True(await TableExistsAsync("ok"));
        Assert.False(await TableExistsAsync("half"));
        var history = await HistoryAsync();
        Assert.True(history.Single(h => h.Version == 1).Success);
        Assert.False(history.Single(h => h.Version == 2).Success);
        // A transactional failure left nothing behind, so once fixed it simply applies on the next run.
        Write("V2__broken.sql", "CREATE TABLE half (id int);");
        Assert.Single(await Runner().UpAsync());
        Assert.True(await TableExistsAsync("half"));
    }

    [Fact]
    public async Task A_failure_in_mode_all_undoes_the_whole_run()
    {
        Write("V1__ok.sql", "CREATE TABLE ok (id int);");
        Write("V2__broken.sql", "SELECT 1/0;");
        var e = await Assert.ThrowsAsync<MigrationFailedException>(() => Runner(new MigrationOptions { Mode = MigrationTransaction.All }).UpAsync());
        Assert.Equal(MigrationTransaction.All, e.Mode);
        Assert.False(await TableExistsAsync("ok"));
        var history = await HistoryAsync();
        Assert.DoesNotContain(history, h => h.Success);
        Assert.Contains(history, h => h.Version == 2 && !h.Success);
    }

    [Fact]
    public async Task Mode_none_runs_concurrently_built_indexes_and_reports_partial_failures()
    {
        Write("V1__table.sql", "CREATE TABLE items (id int PRIMARY KEY, code text);\nINSERT INTO items SELECT g, 'c' || (g % 3) FROM generate_series(1, 100) g;");
        Write("V2__index.sql", "-- keel:transaction none\nCREATE INDEX CONCURRENTLY items_code_idx ON items (code);\nCREATE TABLE after_index (id int);");
        await Runner().UpAsync();
        Assert.True(await TableExistsAsync("items_code_idx"));
        Assert.True(await TableExistsAsync("after_index"));

        Write("V3__unique.sql", "-- keel:transaction none\nCREATE TABLE applied_before_failure (id int);\nCREATE UNIQUE INDEX CONCURRENTLY items_code_uk ON items (code);");
        var e = await Assert.ThrowsAsync<MigrationFailedException>(() => Runner().UpAsync());
        Assert.Equal(MigrationTransaction.None, e.Mode);
        Assert.Single(e.StatementsApplied);
        Assert.Contains("items_code_uk", Assert.Single(e.InvalidIndexes), StringComparison.Ordinal);
        Assert.Contains("DROP INDEX CONCURRENTLY", e.Message, StringComparison.Ordinal);
        Assert.True(await TableExistsAsync("applied_before_failure"));
        var failed = Assert.Single((await HistoryAsync()), h => h.Version == 3);
        Assert.False(failed.Success);
        // A partial run blocks the next one until someone looks and repairs.
        var drift = await Assert.ThrowsAsync<MigrationValidationException>(() => Runner().UpAsync());
        Assert.Contains("V3", drift.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_changed_or_vanished_applied_migration_is_drift_until_repaired()
    {
        Write("V1__a.sql", "CREATE TABLE a (id int);");
        Write("V2__b.sql", "CREATE TABLE b (id int);");
        await Runner().UpAsync();
        Write("V1__a.sql", "CREATE TABLE a (id bigint);");
        File.Delete(Path.Combine(Dir, "V2__b.sql"));
        var status = await Runner().StatusAsync();
        Assert.Equal(2, status.Problems.Count);
        var e = await Assert.ThrowsAsync<MigrationValidationException>(() => Runner().UpAsync());
        Assert.Contains(e.Problems, p => p.StartsWith("V1 ", StringComparison.Ordinal) && p.Contains("changed", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.StartsWith("V2 ", StringComparison.Ordinal) && p.Contains("gone", StringComparison.Ordinal));

        var repaired = await Runner().RepairAsync();
        Assert.Equal(2, repaired.Count);
        Assert.Empty((await Runner().StatusAsync()).Problems);
        Assert.Empty(await Runner().UpAsync());
    }

    [Fact]
    public async Task Baseline_marks_earlier_versions_applied()
    {
        Write("V1__old.sql", "CREATE TABLE legacy (id int);");
        Write("V2__new.sql", "CREATE TABLE fresh (id int);");
        await Runner().BaselineAsync(1);
        var steps = await Runner().UpAsync();
        Assert.Equal([2L], steps.Select(s => s.Migration.Version!.Value));
        Assert.False(await TableExistsAsync("legacy"));
        await Assert.ThrowsAsync<MigrationException>(() => Runner().BaselineAsync(5));
    }

    [Fact]
    public async Task Repeatable_migrations_rerun_when_their_checksum_changes()
    {
        Write("V1__t.sql", "CREATE TABLE t (id int, name text);");
        Write("R__views.sql", "CREATE OR REPLACE VIEW t_names AS SELECT name FROM t;");
        Assert.Equal(2, (await Runner().UpAsync()).Count);
        Assert.Empty(await Runner().UpAsync());
        Write("R__views.sql", "CREATE OR REPLACE VIEW t_names AS SELECT name, id FROM t;");
        var again = Assert.Single(await Runner().UpAsync());
        Assert.Equal(MigrationKind.Repeatable, again.Migration.Kind);
    }

    [Fact]
    public async Task Plan_shows_the_sql_and_changes_nothing()
    {
        Write("V1__a.sql", "CREATE TABLE planned (id int);");
        var plan = await Runner().PlanAsync();
        Assert.Contains("CREATE TABLE planned", Assert.Single(plan).Sql, StringComparison.Ordinal);
        Assert.False(await TableExistsAsync("planned"));
        Assert.False(await TableExistsAsync("keel_schema_history"));
    }

    [Fact]
    public async Task New_creates_the_next_versioned_file()
    {
        Write("V007__a.sql", "SELECT 1;");
        var path = Runner().NewMigration("Add Orders Table");
        Assert.Equal("V008__add_orders_table.sql", Path.GetFileName(path));
        Assert.Contains("-- keel:down", File.ReadAllText(path), StringComparison.Ordinal);
        // A new project: the folder does not exist yet and no database is needed.
        Assert.Equal("V001__first.sql", Path.GetFileName(MigrationRunner.NewMigration(Path.Combine(Dir, "fresh"), "first")));
    }

    [Fact]
    public async Task Two_runners_started_at_once_apply_each_migration_once()
    {
        Write("V1__slow.sql", "CREATE TABLE slow (id int);\nSELECT pg_sleep(1);");
        var results = await Task.WhenAll(Runner().UpAsync(), Runner().UpAsync());
        Assert.Equal(1, results.Sum(r => r.Count));
        Assert.Single(await HistoryAsync());
    }

    [Fact]
    public async Task A_second_runner_fails_fast_when_asked_to()
    {
        Write("V1__slow.sql", "SELECT pg_sleep(2);");
        var first = Runner().UpAsync();
        await Task.Delay(500);
        await Assert.ThrowsAsync<MigrationLockException>(() => Runner(new MigrationOptions { WaitForOtherRunner = null }).UpAsync());
        Assert.Single(await first);
    }

    [Fact]
    public async Task A_lock_timeout_is_retried_then_reported_with_the_blocker()
    {
        Write("V1__t.sql", "CREATE TABLE busy (id int);");
        await Runner().UpAsync();
        Write("V2__alter.sql", "ALTER TABLE busy ADD COLUMN note text;");
        await using var blocker = await Db.Keel.OpenSessionAsync();
        await using var tx = await blocker.BeginTransactionAsync();
        await tx.ExecuteAsync($"LOCK TABLE busy IN ACCESS SHARE MODE");
        var e = await Assert.ThrowsAsync<MigrationFailedException>(() => Runner(new MigrationOptions
        {
            LockTimeout = TimeSpan.FromMilliseconds(200),
            LockTimeoutRetries = 2,
            LockTimeoutRetryDelay = TimeSpan.FromMilliseconds(50),
        }).UpAsync());
        Assert.IsType<LockNotAvailableException>(e.InnerException);
        await tx.RollbackAsync();
        // With the blocker gone, the same migration applies.
        Assert.Single(await Runner().UpAsync());
    }

    [Fact]
    public async Task Sql_and_csharp_migrations_mix_in_version_order_and_backfill_in_batches()
    {
        Write("V9__before.sql", "CREATE TABLE marker (id int);");
        Write("V13__after.sql", "INSERT INTO accounts (id, email) SELECT g, 'User' || g || '@Example.com' FROM generate_series(1000, 1001) g;");
        await using (var s = await Db.Keel.OpenSessionAsync())
            await s.ExecuteAsync($"SELECT 1");
        var runner = Runner(new MigrationOptions { Types = [typeof(CreateAccounts), typeof(BackfillLowerEmail)] });
        Assert.Equal([9L, 10L, 11L, 13L], runner.Migrations.Select(m => m.Version!.Value));
        await runner.UpAsync(target: 10);
        await using (var s = await Db.Keel.OpenSessionAsync())
            await s.ExecuteAsync($"INSERT INTO accounts SELECT g, 'User' || g || '@Example.COM' FROM generate_series(1, 100) g");
        var steps = await runner.UpAsync();
        Assert.Equal([11L, 13L], steps.Select(x => x.Migration.Version!.Value));
        Assert.Equal(MigrationTransaction.None, steps[0].Mode);
        await using (var s = await Db.Keel.OpenSessionAsync())
            Assert.Equal(0L, await s.ScalarAsync<long>($"SELECT count(*) FROM accounts WHERE id <= 100 AND email_lower IS DISTINCT FROM lower(email)"));
        Assert.Equal("CSHARP", (await HistoryAsync()).Single(h => h.Version == 10).Type);
        // V13 and V11 have no Down: going below them is refused before anything runs.
        await Assert.ThrowsAsync<MigrationException>(() => runner.DownAsync(9));
        Assert.True(await TableExistsAsync("accounts"));
    }

    [Fact]
    public async Task A_backfill_inside_a_transaction_is_refused_and_rolled_back()
    {
        var runner = Runner(new MigrationOptions { Types = [typeof(CreateAccounts), typeof(BackfillInTransaction)] });
        var e = await Assert.ThrowsAsync<MigrationFailedException>(() => runner.UpAsync());
        Assert.IsType<InvalidOperationException>(e.InnerException);
        Assert.True(await TableExistsAsync("accounts"));
    }

    [Fact]
    public async Task The_production_guard_blocks_error_findings_unless_allowed()
    {
        Write("V1__t.sql", "CREATE TABLE guarded (id int, note text);");
        await Runner().UpAsync();
        Write("V2__drop.sql", "ALTER TABLE guarded DROP COLUMN note;");
        var e = await Assert.ThrowsAsync<MigrationLintException>(() => Runner(new MigrationOptions { Environment = "Production" }).UpAsync());
        Assert.Contains(e.Findings, f => f.Rule == "drop-column");
        Assert.Equal(1L, (await Runner().StatusAsync()).CurrentVersion);
        Assert.Single(await Runner(new MigrationOptions { Environment = "Production", AllowLintErrors = true }).UpAsync());
    }

    [Fact]
    public async Task A_suppression_with_a_reason_lets_production_run()
    {
        Write("V1__t.sql", "CREATE TABLE guarded (id int, note text);");
        Write("V2__drop.sql", "-- keel:allow drop-column because the column was never written since release 12\nALTER TABLE guarded DROP COLUMN note;");
        Assert.Equal(2, (await Runner(new MigrationOptions { Environment = "Production" }).UpAsync()).Count);
    }

    [Fact]
    public async Task Concurrently_in_a_transactional_migration_is_refused_before_anything_runs()
    {
        Write("V1__t.sql", "CREATE TABLE t (id int);");
        Write("V2__idx.sql", "CREATE INDEX CONCURRENTLY t_id_idx ON t (id);");
        var e = await Assert.ThrowsAsync<MigrationLintException>(() => Runner().UpAsync());
        Assert.Contains(e.Findings, f => f.Rule == "concurrently-in-transaction");
        Assert.False(await TableExistsAsync("t"));
    }
}
