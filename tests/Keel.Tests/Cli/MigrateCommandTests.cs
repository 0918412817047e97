using System.Text.Json;
using Keel.Cli;

namespace Keel.Tests.Cli;

/// <summary><c>keel migrate</c> run in-process against a real database and a temporary migrations folder.</summary>
public sealed class MigrateCommandTests : MigrationsWorkspace
{
    /// <summary>Runs the tool with no environment variables, so the machine's KEEL_CONNECTION cannot leak in.</summary>
    private static async Task<(int Code, string Out, string Err)> RunAsync(string[] args, Func<string, string?>? environment = null)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await KeelCli.RunAsync(args, stdout, stderr, environment ?? (_ => null));
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>A migrate command against this test's database and folder.</summary>
    private Task<(int Code, string Out, string Err)> MigrateAsync(params string[] args)
        => RunAsync(["migrate", .. args, "--connection", Db.ConnectionString, "--dir", Dir]);

    private void WriteThree()
    {
        Write("V001__create_a.sql", "CREATE TABLE a (id int);\n-- keel:down\nDROP TABLE a;\n");
        Write("V002__create_b.sql", "CREATE TABLE b (id int);\n-- keel:down\nDROP TABLE b;\n");
        Write("V003__create_c.sql", "CREATE TABLE c (id int);\n-- keel:down\nDROP TABLE c;\n");
    }

    [Fact]
    public async Task Status_lists_pending_before_up_and_applied_after()
    {
        WriteThree();
        var before = await MigrateAsync("status");
        Assert.Equal(0, before.Code);
        Assert.Contains("Database version: none", before.Out, StringComparison.Ordinal);
        Assert.Contains("Pending (3)", before.Out, StringComparison.Ordinal);
        Assert.Contains("create b", before.Out, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', before.Out);

        var up = await MigrateAsync("up");
        Assert.Equal(0, up.Code);
        Assert.Contains("Migrating up: V1 create a", up.Out, StringComparison.Ordinal);
        Assert.Contains("Applied 3 migration(s).", up.Out, StringComparison.Ordinal);
        Assert.True(await TableExistsAsync("c"));

        var after = await MigrateAsync("status");
        Assert.Equal(0, after.Code);
        Assert.Contains("Database version: V3", after.Out, StringComparison.Ordinal);
        Assert.Contains("Applied (3)", after.Out, StringComparison.Ordinal);
        Assert.Contains("Pending (0)", after.Out, StringComparison.Ordinal);
        Assert.Contains("Nothing to apply", (await MigrateAsync("up")).Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Up_to_a_version_then_down_to_a_version_walk_the_schema()
    {
        WriteThree();
        Assert.Equal(0, (await MigrateAsync("up", "--to", "2")).Code);
        Assert.True(await TableExistsAsync("b"));
        Assert.False(await TableExistsAsync("c"));

        var down = await MigrateAsync("down", "--to", "1");
        Assert.Equal(0, down.Code);
        Assert.Contains("Reverted 1 migration(s).", down.Out, StringComparison.Ordinal);
        Assert.True(await TableExistsAsync("a"));
        Assert.False(await TableExistsAsync("b"));
    }

    [Fact]
    public async Task Plan_and_dry_run_print_the_sql_and_change_nothing()
    {
        WriteThree();
        var plan = await MigrateAsync("plan", "--to", "2");
        Assert.Equal(0, plan.Code);
        Assert.Contains("CREATE TABLE a (id int);", plan.Out, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE b (id int);", plan.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("CREATE TABLE c", plan.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("DROP TABLE", plan.Out, StringComparison.Ordinal);

        var dryRun = await MigrateAsync("up", "--dry-run");
        Assert.Equal(0, dryRun.Code);
        Assert.Contains("CREATE TABLE c (id int);", dryRun.Out, StringComparison.Ordinal);

        Assert.False(await TableExistsAsync("a"));
        Assert.False(await TableExistsAsync("keel_schema_history"));
    }

    [Fact]
    public async Task New_creates_the_next_versioned_file_and_prints_its_path()
    {
        Write("V001__create_a.sql", "CREATE TABLE a (id int);");
        var result = await RunAsync(["migrate", "new", "Add posts", "--dir", Dir]);
        Assert.Equal(0, result.Code);
        var path = result.Out.Trim();
        Assert.Equal("V002__add_posts.sql", Path.GetFileName(path));
        Assert.Contains("-- keel:down", await File.ReadAllTextAsync(path), StringComparison.Ordinal);

        var fresh = Path.Combine(Dir, "fresh");
        var first = await RunAsync(["migrate", "new", "init", "--dir", fresh]);
        Assert.Equal(0, first.Code);
        Assert.True(File.Exists(Path.Combine(fresh, "V001__init.sql")));
    }

    [Fact]
    public async Task Baseline_marks_versions_applied_so_up_runs_only_later_ones()
    {
        WriteThree();
        var baseline = await MigrateAsync("baseline", "2");
        Assert.Equal(0, baseline.Code);
        Assert.Contains("Baselined at V2", baseline.Out, StringComparison.Ordinal);

        Assert.Equal(0, (await MigrateAsync("up")).Code);
        Assert.False(await TableExistsAsync("a"));
        Assert.True(await TableExistsAsync("c"));

        var again = await MigrateAsync("baseline", "3");
        Assert.Equal(1, again.Code);
        Assert.Contains("empty history", again.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Repair_accepts_a_changed_file_that_status_and_up_report()
    {
        WriteThree();
        Assert.Equal(0, (await MigrateAsync("up")).Code);
        Write("V001__create_a.sql", "CREATE TABLE a (id int, note text);\n-- keel:down\nDROP TABLE a;\n");

        var status = await MigrateAsync("status");
        Assert.Equal(1, status.Code);
        Assert.Contains("changed after it was applied", status.Out, StringComparison.Ordinal);
        var up = await MigrateAsync("up");
        Assert.Equal(1, up.Code);
        Assert.Contains("does not match the sources", up.Err, StringComparison.Ordinal);

        var repair = await MigrateAsync("repair");
        Assert.Equal(0, repair.Code);
        Assert.Contains("Accepted the new checksum of V1", repair.Out, StringComparison.Ordinal);
        Assert.Equal(0, (await MigrateAsync("status")).Code);
        Assert.Contains("Nothing to repair", (await MigrateAsync("repair")).Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_json_is_an_object_of_applied_pending_and_problems()
    {
        WriteThree();
        Assert.Equal(0, (await MigrateAsync("up", "--to", "1")).Code);
        var result = await MigrateAsync("status", "--format", "json");
        Assert.Equal(0, result.Code);
        using var json = JsonDocument.Parse(result.Out);
        var applied = json.RootElement.GetProperty("applied");
        Assert.Equal(1, applied.GetArrayLength());
        Assert.Equal(1, applied[0].GetProperty("version").GetInt64());
        Assert.Equal("V001__create_a.sql", applied[0].GetProperty("script").GetString());
        var pending = json.RootElement.GetProperty("pending");
        Assert.Equal([2L, 3L], pending.EnumerateArray().Select(p => p.GetProperty("version").GetInt64()));
        Assert.Equal(0, json.RootElement.GetProperty("problems").GetArrayLength());
    }

    [Fact]
    public async Task A_failing_migration_prints_the_message_and_exits_1()
    {
        Write("V001__broken.sql", "CREATE TABLE ok (id int);\nSELECT * FROM no_such_table;");
        var result = await MigrateAsync("up");
        Assert.Equal(1, result.Code);
        Assert.Contains("rolled back", result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Err, StringComparison.Ordinal);
        Assert.False(await TableExistsAsync("ok"));
    }

    [Fact]
    public async Task Production_blocks_lint_errors_unless_allowed()
    {
        Write("V001__create_t.sql", "CREATE TABLE t (id int, old text);");
        Write("V002__drop_old.sql", "ALTER TABLE t DROP COLUMN old;");
        Assert.Equal(0, (await MigrateAsync("up", "--to", "1")).Code);

        var blocked = await MigrateAsync("up", "--environment", "Production");
        Assert.Equal(1, blocked.Code);
        Assert.Contains("drop-column", blocked.Err, StringComparison.Ordinal);
        Assert.Equal(1L, (await StatusJsonAsync()).GetProperty("applied").GetArrayLength());

        Assert.Equal(0, (await MigrateAsync("up", "--environment", "Production", "--allow-lint-errors")).Code);
        Assert.Equal(2L, (await StatusJsonAsync()).GetProperty("applied").GetArrayLength());
    }

    private async Task<JsonElement> StatusJsonAsync()
    {
        using var json = JsonDocument.Parse((await MigrateAsync("status", "--format", "json")).Out);
        return json.RootElement.Clone();
    }

    [Fact]
    public async Task Lint_text_reports_a_finding_and_exits_1()
    {
        var file = Write("V001__drop.sql", "ALTER TABLE orders DROP COLUMN note;\n");
        var result = await RunAsync(["migrate", "lint", file]);
        Assert.Equal(1, result.Code);
        Assert.Contains("V001__drop.sql:1:", result.Out, StringComparison.Ordinal);
        Assert.Contains("error drop-column", result.Out, StringComparison.Ordinal);
        Assert.Contains("safe alternative:", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lint_json_is_an_array_of_findings()
    {
        Write("V001__drop.sql", "ALTER TABLE orders DROP COLUMN note;\n");
        var result = await RunAsync(["migrate", "lint", Dir, "--format", "json"]);
        Assert.Equal(1, result.Code);
        using var json = JsonDocument.Parse(result.Out);
        var finding = Assert.Single(json.RootElement.EnumerateArray());
        Assert.Equal("drop-column", finding.GetProperty("rule").GetString());
        Assert.Equal("error", finding.GetProperty("severity").GetString());
        Assert.Equal(1, finding.GetProperty("line").GetInt32());
        Assert.True(finding.GetProperty("column").GetInt32() > 1);
        Assert.EndsWith("V001__drop.sql", finding.GetProperty("file").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(finding.GetProperty("message").GetString()));
        Assert.False(string.IsNullOrEmpty(finding.GetProperty("safeAlternative").GetString()));
    }

    [Fact]
    public async Task Lint_sarif_is_a_sarif_2_1_0_log_with_rules_and_results()
    {
        Write("V001__drop.sql", "-- a header\nALTER TABLE orders DROP COLUMN note;\n");
        var result = await RunAsync(["migrate", "lint", Dir, "--format", "sarif"]);
        Assert.Equal(1, result.Code);
        using var json = JsonDocument.Parse(result.Out);
        var root = json.RootElement;
        Assert.Equal("2.1.0", root.GetProperty("version").GetString());
        Assert.Contains("sarif", root.GetProperty("$schema").GetString(), StringComparison.Ordinal);
        var run = root.GetProperty("runs")[0];
        var driver = run.GetProperty("tool").GetProperty("driver");
        Assert.Equal("keel", driver.GetProperty("name").GetString());
        var rules = driver.GetProperty("rules").EnumerateArray().ToList();
        Assert.Equal(MigrationLinter.Rules.Count, rules.Count);
        Assert.All(rules, r => Assert.False(string.IsNullOrEmpty(r.GetProperty("shortDescription").GetProperty("text").GetString())));
        Assert.All(rules, r => Assert.False(string.IsNullOrEmpty(r.GetProperty("help").GetProperty("text").GetString())));
        var finding = Assert.Single(run.GetProperty("results").EnumerateArray());
        Assert.Equal("drop-column", finding.GetProperty("ruleId").GetString());
        Assert.Equal("error", finding.GetProperty("level").GetString());
        Assert.False(string.IsNullOrEmpty(finding.GetProperty("message").GetProperty("text").GetString()));
        var location = finding.GetProperty("locations")[0].GetProperty("physicalLocation");
        Assert.EndsWith("V001__drop.sql", location.GetProperty("artifactLocation").GetProperty("uri").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, location.GetProperty("region").GetProperty("startLine").GetInt32());
        Assert.True(location.GetProperty("region").GetProperty("startColumn").GetInt32() > 1);
    }

    [Fact]
    public async Task Lint_of_clean_files_exits_0_and_ignores_the_down_part()
    {
        Write("V001__create.sql", "CREATE TABLE a (id int);\n-- keel:down\nDROP TABLE a;\n");
        Write("U002__undo.sql", "DROP TABLE orders;\n");
        var result = await RunAsync(["migrate", "lint", Dir]);
        Assert.Equal(0, result.Code);
        Assert.Contains("no findings", result.Out, StringComparison.Ordinal);
        var json = await RunAsync(["migrate", "lint", Dir, "--format", "json"]);
        Assert.Equal(0, json.Code);
        using var doc = JsonDocument.Parse(json.Out);
        Assert.Equal(0, doc.RootElement.GetArrayLength());
    }

    [Fact]
    public async Task Lint_honours_transaction_none_from_the_option_and_theDirective()
    {
        var plain = Write("V001__index.sql", "CREATE INDEX CONCURRENTLY orders_note_idx ON orders (note);\n");
        var inTransaction = await RunAsync(["migrate", "lint", plain]);
        Assert.Equal(1, inTransaction.Code);
        Assert.Contains("concurrently-in-transaction", inTransaction.Out, StringComparison.Ordinal);

        Assert.Equal(0, (await RunAsync(["migrate", "lint", plain, "--transaction", "none"])).Code);
        var marked = Write("V002__index.sql", "-- keel:transaction none\nCREATE INDEX CONCURRENTLY orders_id_idx ON orders (id);\n");
        Assert.Equal(0, (await RunAsync(["migrate", "lint", marked])).Code);
    }

    [Theory]
    [InlineData("migrate", "frobnicate")]
    [InlineData("migrate", "down")]
    [InlineData("migrate", "up", "--to", "two")]
    [InlineData("migrate", "up", "--lock-timeout", "soon")]
    [InlineData("migrate", "lint", "--format", "xml", ".")]
    [InlineData("migrate")]
    public async Task A_usage_error_exits_2(params string[] args)
    {
        var result = await RunAsync(args);
        Assert.Equal(2, result.Code);
        Assert.Contains("error:", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_connection_exits_2_and_KEEL_CONNECTION_supplies_it()
    {
        WriteThree();
        var missing = await RunAsync(["migrate", "status", "--dir", Dir]);
        Assert.Equal(2, missing.Code);
        Assert.Contains("KEEL_CONNECTION", missing.Err, StringComparison.Ordinal);

        var fromEnvironment = await RunAsync(["migrate", "status", "--dir", Dir], name => name == "KEEL_CONNECTION" ? Db.ConnectionString : null);
        Assert.Equal(0, fromEnvironment.Code);
        Assert.Contains("Pending (3)", fromEnvironment.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lint_of_a_path_that_does_not_exist_exits_2()
    {
        var result = await RunAsync(["migrate", "lint", Path.Combine(Dir, "nope")]);
        Assert.Equal(2, result.Code);
        Assert.Contains("neither a file nor a folder", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_history_schema_that_needs_quoting_keeps_its_history()
    {
        WriteThree();
        Assert.Equal(0, (await MigrateAsync("up", "--history-schema", "Ops")).Code);
        var again = await MigrateAsync("up", "--history-schema", "Ops");
        Assert.Equal(0, again.Code);
        Assert.Contains("Nothing to apply", again.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Up_runs_csharp_migrations_from_an_assembly_mixed_with_sql_files()
    {
        Write("V009__marker.sql", "CREATE TABLE marker (id int);\n");
        var assembly = typeof(Keel.Tests.Migrations.CreateAccounts).Assembly.Location;
        var (code, _, err) = await MigrateAsync("up", "--to", "10", "--assembly", assembly);
        Assert.True(code == 0, err);
        Assert.True(await TableExistsAsync("marker"));
        Assert.True(await TableExistsAsync("accounts"));
        var missing = await MigrateAsync("status", "--assembly", Path.Combine(Dir, "nope.dll"));
        Assert.Equal(2, missing.Code);
    }
}
