using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Keel.Embedded;
using Npgsql;

namespace Keel.Benchmarks;

/// <summary>
/// The workload runner: starts (or finds) PostgreSQL, seeds it, runs every workload for raw Npgsql, Dapper, EF Core
/// and Keel one after the other in this process, prints a markdown table and writes bench/results/latest.json.
/// </summary>
internal static class Program
{
    private const string Database = "keel_bench";

    private static async Task<int> Main(string[] args)
    {
        var settings = BenchSettings.Parse(args, out var error);
        if (settings is null)
        {
            if (args.Contains("--help") || args.Contains("-h"))
            {
                Console.WriteLine(BenchSettings.Usage);
                return 0;
            }

            await Console.Error.WriteLineAsync(error + Environment.NewLine + Environment.NewLine + BenchSettings.Usage);
            return 2;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        var ct = cancel.Token;
        var progress = Console.Error;

        await progress.WriteLineAsync("Starting PostgreSQL…");
        await using var server = await PostgresServer.StartAsync(new EmbeddedPostgresOptions { MaxConnections = 100 }, ct);
        await server.DropDatabaseAsync(Database, ct);
        await server.CreateDatabaseAsync(Database, cancellationToken: ct);
        var connectionString = server.ConnectionStringFor(Database);

        await using var admin = NpgsqlDataSource.Create(connectionString);
        await BenchData.SeedAsync(admin, ct);
        await OrderData.SeedAsync(admin, ct);
        var machine = await DescribeMachineAsync(admin, ct);
        await progress.WriteLineAsync($"PostgreSQL {machine.PostgreSql} (fsync={machine.PostgreSqlFsync}), {machine.ProcessorCount} cores, {machine.DotNet}");

        var data = BenchData.Create(settings.Scale(20_000), settings.Scale(2_000), settings.Scale(20_000));
        await using var contenders = await ContenderSet.OpenAsync(connectionString, settings.BatchSize, ct);
        ReadHeavySet? readHeavy = null;
        (ReadHeavyData, ReadHeavySet)? w6 = null;
        if (settings.Includes("read-heavy"))
        {
            await ReadHeavyData.SeedAsync(admin, ct);
            var operations = settings.Scale(50_000);
            readHeavy = await ReadHeavySet.OpenAsync(connectionString, operations, ct);
            w6 = (ReadHeavyData.Create(operations), readHeavy);
            if (readHeavy.RedisNote is { } note)
                await progress.WriteLineAsync("W6: " + note);
        }

        var results = new List<WorkloadResult>();
        try
        {
            foreach (var workload in WorkloadCatalog.Build(settings, data, contenders, admin, w6))
                results.Add(await Runner.RunAsync(workload, settings, progress, ct));
        }
        finally
        {
            if (readHeavy is not null)
                await readHeavy.DisposeAsync();
        }

        var prepared = await contenders.CountPreparedStatementsAsync(ct);
        foreach (var (variant, count) in prepared)
            await progress.WriteLineAsync($"  prepared statements on the {variant} connection: {count}");

        var report = new BenchReport(DateTimeOffset.UtcNow, machine, settings.Runs, settings.WarmupRuns, settings.Quick, settings.BatchSize, results, prepared);
        var outputPath = settings.OutputPath ?? Path.Combine(RepositoryRoot(), "bench", "results", "latest.json");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outputPath))!);
        await File.WriteAllTextAsync(outputPath, JsonSerializer.Serialize(report, BenchReportJsonContext.Default.BenchReport), ct);

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{report.Date:yyyy-MM-dd}, {machine.ProcessorCount} cores, {machine.Os}, {machine.DotNet}, PostgreSQL {machine.PostgreSql} (fsync={machine.PostgreSqlFsync}); median of {settings.Runs} runs after {settings.WarmupRuns} warm-up{(settings.Quick ? ", --quick" : string.Empty)}"));
        Console.WriteLine();
        Console.Write(MarkdownTable.Render(report));
        Console.WriteLine();
        Console.WriteLine($"Written to {outputPath}");
        return 0;
    }

    private static async Task<MachineInfo> DescribeMachineAsync(NpgsqlDataSource admin, CancellationToken cancellationToken)
    {
        await using var version = admin.CreateCommand("SHOW server_version");
        var serverVersion = (string)(await version.ExecuteScalarAsync(cancellationToken))!;
        await using var fsync = admin.CreateCommand("SHOW fsync");
        var fsyncSetting = (string)(await fsync.ExecuteScalarAsync(cancellationToken))!;
        return new MachineInfo(Environment.ProcessorCount, RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription, serverVersion, fsyncSetting);
    }

    /// <summary>The folder holding Keel.slnx, so the JSON lands in bench/results wherever the runner is started from.</summary>
    private static string RepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Keel.slnx")))
                    return directory.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
