using System.Globalization;
using Keel.Embedded;
using Npgsql;

namespace Keel.Tests;

/// <summary>Keel.Embedded itself: each test here starts (and stops) a cluster of its own.</summary>
public sealed class EmbeddedPostgresTests
{
    [Fact]
    public async Task Starts_accepts_connections_and_stops_leaving_nothing_behind()
    {
        var server = await EmbeddedPostgres.StartAsync();
        var directory = server.Directory;
        await using (var keel = KeelDataSource.Create(server.ConnectionString))
        {
            await using var s = await keel.OpenSessionAsync();
            Assert.StartsWith("15", await s.ScalarAsync<string>($"SHOW server_version"), StringComparison.Ordinal);
            Assert.Equal("UTF8", await s.ScalarAsync<string>($"SHOW server_encoding"));
            Assert.Equal(server.Port.ToString(CultureInfo.InvariantCulture), await s.ScalarAsync<string>($"SHOW port"));
            Assert.Equal(directory, await s.ScalarAsync<string>($"SHOW unix_socket_directories"));
        }

        await server.DisposeAsync();
        Assert.False(Directory.Exists(directory));
        await using var probe = new NpgsqlConnection(server.ConnectionString);
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => probe.OpenAsync());
    }

    [Fact]
    public async Task As_root_the_server_runs_as_the_postgres_system_user()
    {
        await using var server = await EmbeddedPostgres.StartAsync();
        var pid = int.Parse(File.ReadLines(Path.Combine(server.DataDirectory, "postmaster.pid")).First(), CultureInfo.InvariantCulture);
        var uidLine = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("Uid:", StringComparison.Ordinal));
        var uid = uidLine.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1];
        // Root hands the server to the postgres system user; any other user runs it as itself.
        var expectedUser = Environment.UserName == "root" ? "postgres" : Environment.UserName;
        var expectedUid = File.ReadLines("/etc/passwd").First(l => l.StartsWith(expectedUser + ":", StringComparison.Ordinal)).Split(':')[2];
        Assert.Equal(expectedUid, uid);
    }

    [Fact]
    public async Task Server_settings_from_options_are_applied()
    {
        var options = new EmbeddedPostgresOptions { MaxConnections = 42, MaxPreparedTransactions = 5, WalLevel = "logical" };
        options.SharedPreloadLibraries.Add("pg_stat_statements");
        options.Settings["work_mem"] = "8MB";
        await using var server = await EmbeddedPostgres.StartAsync(options);
        await using var keel = KeelDataSource.Create(server.ConnectionString);
        await using var s = await keel.OpenSessionAsync();
        Assert.Equal("42", await s.ScalarAsync<string>($"SHOW max_connections"));
        Assert.Equal("5", await s.ScalarAsync<string>($"SHOW max_prepared_transactions"));
        Assert.Equal("logical", await s.ScalarAsync<string>($"SHOW wal_level"));
        Assert.Equal("pg_stat_statements", await s.ScalarAsync<string>($"SHOW shared_preload_libraries"));
        Assert.Equal("8MB", await s.ScalarAsync<string>($"SHOW work_mem"));
    }

    [Fact]
    public async Task Missing_binaries_give_a_clear_error()
    {
        var e = await Assert.ThrowsAsync<PostgresBinariesNotFoundException>(() =>
            EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions { BinDirectory = "/nonexistent/postgresql/bin" }));
        Assert.Contains("postgresql", e.Message, StringComparison.Ordinal);
        Assert.Contains(PostgresBinaries.EnvironmentVariable, e.Message, StringComparison.Ordinal);
        Assert.Contains("/nonexistent/postgresql/bin", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Binaries_are_found_on_this_machine()
    {
        var bin = PostgresBinaries.Find();
        Assert.True(File.Exists(Path.Combine(bin, "initdb")));
    }

    [Fact]
    public async Task A_cluster_left_by_a_killed_run_is_cleaned_up_by_the_next_start()
    {
        var root = Path.Combine(Path.GetTempPath(), "keel-embedded-stale-" + Guid.NewGuid().ToString("N")[..8]);
        var first = await EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions { RootDirectory = root });
        var postmasterPid = int.Parse(File.ReadLines(Path.Combine(first.DataDirectory, "postmaster.pid")).First(), CultureInfo.InvariantCulture);
        // Pretend the owner died without disposing: point the owner file at a process that does not exist.
        await File.WriteAllTextAsync(Path.Combine(first.Directory, "keel-owner.pid"), "999999999");

        await using var second = await EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions { RootDirectory = root });
        Assert.False(Directory.Exists(first.Directory));
        Assert.False(Directory.Exists($"/proc/{postmasterPid}") && File.ReadAllText($"/proc/{postmasterPid}/cmdline").Contains("postgres", StringComparison.Ordinal));
        await first.DisposeAsync();
        await second.DisposeAsync();
        Directory.Delete(root, recursive: true);
    }

    [Fact]
    public async Task Databases_can_be_created_and_used_in_parallel()
    {
        var server = await TestCluster.GetAsync();
        var names = Enumerable.Range(0, 4).Select(i => $"parallel_{i}_{Guid.NewGuid():N}"[..24]).ToArray();
        await Task.WhenAll(names.Select(n => server.CreateDatabaseAsync(n, TestCluster.TemplateDatabase)));
        try
        {
            var results = await Task.WhenAll(names.Select(async name =>
            {
                await using var keel = KeelDataSource.Create(server.ConnectionStringFor(name));
                await using var s = await keel.OpenSessionAsync();
                await s.ExecuteAsync($"CREATE TABLE marker (db text)");
                await s.ExecuteAsync($"INSERT INTO marker VALUES ({name})");
                return await s.ScalarAsync<string>($"SELECT current_database() || ':' || (SELECT db FROM marker)");
            }));
            Assert.Equal(names.Select(n => n + ":" + n), results);
        }
        finally
        {
            await Task.WhenAll(names.Select(n => server.DropDatabaseAsync(n)));
        }
    }
}
