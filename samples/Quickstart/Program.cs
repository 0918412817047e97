using Keel;
using Keel.Embedded;
using Quickstart;
using Spectre.Console;

// Keel quickstart: start a throw-away PostgreSQL (or use KEEL_CONNECTION), run concurrent transfers under
// SERIALIZABLE, and check that no money appeared, vanished or went negative. Exit code 0 when that holds.
const int Accounts = 20;
const decimal StartingBalance = 1_000m;
const int Workers = 8;
const int TransfersPerWorker = 250;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // Let the workers stop and the server shut down instead of leaving a cluster behind.
    e.Cancel = true;
    cancel.Cancel();
};

// Listen before the first command: Keel records nothing while nobody listens.
using var metrics = new MetricsRecorder();

AnsiConsole.MarkupLine("[bold]Keel quickstart[/]: concurrent transfers under SERIALIZABLE");

IPostgresServer server;
try
{
    server = await PostgresServer.StartAsync(cancellationToken: cancel.Token);
}
catch (Exception e) when (e is PostgresBinariesNotFoundException or EmbeddedPostgresException)
{
    AnsiConsole.MarkupLineInterpolated($"[red]Could not start PostgreSQL:[/] {e.Message}");
    return 1;
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    AnsiConsole.MarkupLine("[yellow]Canceled.[/]");
    return 1;
}

await using (server)
{
    AnsiConsole.MarkupLineInterpolated($"PostgreSQL: {Describe(server)}");
    var database = "quickstart_" + Guid.NewGuid().ToString("N")[..12];
    await server.CreateDatabaseAsync(database, cancellationToken: cancel.Token);
    try
    {
        return await RunAsync(server.ConnectionStringFor(database), metrics, cancel.Token) ? 0 : 1;
    }
    catch (Exception) when (cancel.IsCancellationRequested)
    {
        // Cancellation, or the connection errors of a server that got the terminal's SIGINT as well.
        AnsiConsole.MarkupLine("[yellow]Canceled.[/]");
        return 1;
    }
    finally
    {
        // Matters with KEEL_CONNECTION; an embedded cluster is deleted as a whole when disposed. After Ctrl+C the
        // server may already be gone (the terminal sends SIGINT to the embedded postgres too), so skip it then.
        if (!cancel.IsCancellationRequested)
            await server.DropDatabaseAsync(database);
    }
}

static async Task<bool> RunAsync(string connectionString, MetricsRecorder metrics, CancellationToken cancellationToken)
{
    // The server here has this machine's cores and one SSD; fewer connections than workers, so some wait.
    var poolSize = PoolSizing.Recommend(Environment.ProcessorCount, effectiveSpindles: 1);
    await using var keel = KeelDataSource.Create(new KeelOptions
    {
        ConnectionString = connectionString,
        Name = "quickstart",
        MaxPoolSize = poolSize,
        ApplicationName = "keel-quickstart",
    });

    await Bank.CreateAsync(keel, Accounts, StartingBalance, cancellationToken);
    var before = await Bank.SummarizeAsync(keel, cancellationToken);
    AnsiConsole.MarkupLineInterpolated($"Created {before.Accounts} accounts with {StartingBalance:N2} each (total {before.Total:N2})");
    AnsiConsole.MarkupLineInterpolated($"Pool max {poolSize} = PoolSizing.Recommend({Environment.ProcessorCount} cores, 1 spindle)");

    var workload = new TransferWorkload(keel, Accounts, Workers, TransfersPerWorker);
    var started = System.Diagnostics.Stopwatch.GetTimestamp();
    await AnsiConsole.Progress()
        .AutoClear(false)
        .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
        .StartAsync(async context =>
        {
            var task = context.AddTask("transfers", maxValue: workload.Total);
            await workload.RunAsync(task, metrics, cancellationToken);
        });
    var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
    AnsiConsole.MarkupLineInterpolated($"{workload.Total} transfers by {Workers} workers in {elapsed.TotalSeconds:F1} s:");
    AnsiConsole.MarkupLineInterpolated($"  {workload.Moved} moved money, {workload.Skipped} skipped (would overdraw), {workload.GaveUp} gave up");

    var constraint = await Bank.SavepointDemoAsync(keel, Accounts + 1, cancellationToken);
    var kept = await Bank.AccountExistsAsync(keel, Accounts + 1, cancellationToken);
    AnsiConsole.MarkupLineInterpolated($"Savepoint: duplicate of account 1 refused by {constraint ?? "(nothing!)"}, rolled back;");
    AnsiConsole.MarkupLineInterpolated($"  account {Accounts + 1}, opened earlier in the same transaction, {(kept ? "was kept" : "was lost")}");

    var after = await Bank.SummarizeAsync(keel, cancellationToken);
    var holds = after.Total == before.Total && after.Negative == 0 && constraint is not null && kept;
    var summary = metrics.Summarize();

    AnsiConsole.WriteLine();
    AnsiConsole.Write(InvariantTable(before, after, holds));
    AnsiConsole.Write(MetricsTable(summary));
    AnsiConsole.Write(PoolTable(keel.GetPoolSnapshot(), workload.Peak));
    AnsiConsole.MarkupLine(holds ? "[green]Invariant holds.[/]" : "[red]Invariant violated.[/]");
    return holds;
}

static string Describe(IPostgresServer server) => server switch
{
    EmbeddedPostgres embedded => $"embedded on 127.0.0.1:{embedded.Port} from {embedded.BinDirectory}",
    _ => $"existing server from {PostgresServer.ConnectionVariable}",
};

static Table InvariantTable(AccountSummary before, AccountSummary after, bool holds)
{
    var table = new Table().Title("Invariant").AddColumns("check", "before", "after", "ok");
    table.AddRow("total balance", before.Total.ToString("N2"), after.Total.ToString("N2"), Ok(after.Total == before.Total));
    table.AddRow("negative balances", before.Negative.ToString(), after.Negative.ToString(), Ok(after.Negative == 0));
    table.AddRow("accounts", before.Accounts.ToString(), after.Accounts.ToString(), Ok(holds || after.Accounts == before.Accounts + 1));
    return table;
}

static Table MetricsTable(MetricsSummary m)
{
    var table = new Table().Title("Keel metrics (MeterListener on meter \"Keel\")")
        .AddColumn(new TableColumn("instrument").NoWrap())
        .AddColumn("value");
    var commands = string.Join(", ", m.CommandsByOperation.OrderByDescending(p => p.Value).Select(p => $"{p.Key} {p.Value}"));
    table.AddRow("keel.command.duration", Markup.Escape(commands));
    table.AddRow("  SQL latency", $"p50 {Ms(m.P50)}, p95 {Ms(m.P95)}, p99 {Ms(m.P99)}, mean {Ms(m.Mean)} ({m.SqlCommands} commands)");
    table.AddRow("keel.command.rows", m.Rows.ToString());
    var errors = m.ErrorsByCode.Count == 0 ? "none" : string.Join(", ", m.ErrorsByCode.OrderByDescending(p => p.Value).Select(p => $"{p.Key} {p.Value}"));
    table.AddRow("keel.command.errors", Markup.Escape(errors));
    var transactions = string.Join(", ", m.TransactionsByOutcome.OrderByDescending(p => p.Value).Select(p => $"{p.Key} {p.Value}"));
    table.AddRow("keel.transaction.duration", $"{Markup.Escape(transactions)}; mean {Ms(m.MeanTransaction)}");
    table.AddRow("keel.transaction.retries", m.Retries.ToString());
    table.AddRow("keel.transaction.serialization_failures", m.SerializationFailures.ToString());
    table.AddRow("keel.transaction.deadlocks", m.Deadlocks.ToString());
    return table;
}

static Table PoolTable(PoolSnapshot now, PoolSnapshot peak)
{
    var table = new Table().Title("Pool snapshot (GetPoolSnapshot)").AddColumns("", "busy", "idle", "max", "waiting", "sessions");
    table.AddRow("now", now.Busy.ToString(), now.Idle.ToString(), now.Max.ToString(), now.Waiting.ToString(), now.OpenSessions.ToString());
    table.AddRow("peak while running", peak.Busy.ToString(), peak.Idle.ToString(), peak.Max.ToString(), peak.Waiting.ToString(), peak.OpenSessions.ToString());
    return table;
}

static string Ok(bool ok) => ok ? "[green]yes[/]" : "[red]no[/]";

static string Ms(TimeSpan value) => $"{value.TotalMilliseconds:F2} ms";
