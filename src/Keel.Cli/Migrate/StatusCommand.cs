using System.CommandLine;
using System.Text.Json;
using Keel.Cli.Output;
using Spectre.Console;

namespace Keel.Cli.Migrate;

/// <summary><c>keel migrate status</c>: applied, pending and problems; exit 1 when there are problems.</summary>
internal static class StatusCommand
{
    public static Command Create(CliContext context)
    {
        var database = new DatabaseOptions();
        var format = new Option<string>("--format", "-f") { Description = "Output format.", DefaultValueFactory = _ => "text" }.AcceptOnlyFromAmong("text", "json");
        var command = new Command("status", "Show applied and pending migrations and any drift between history and the sources. Changes nothing.");
        database.AddTo(command);
        command.Options.Add(format);
        command.SetAction((parse, ct) => database.WithRunnerAsync(parse, context, async (runner, _) =>
        {
            var status = await runner.StatusAsync(ct).ConfigureAwait(false);
            if (parse.GetValue(format) == "json")
                await context.Out.WriteLineAsync(JsonSerializer.Serialize(StatusReport.From(status), CliJsonContext.Readable.StatusReport)).ConfigureAwait(false);
            else
                Print(context, status);
            return status.Problems.Count == 0 ? ExitCodes.Ok : ExitCodes.Failure;
        }));
        return command;
    }

    private static void Print(CliContext context, MigrationStatus status)
    {
        var console = context.Console;
        var baseline = status.History.Where(r => r.Type == "BASELINE" && r.Success).Select(r => r.Version).Max();
        console.WriteLine($"Database version: {(status.CurrentVersion is { } v ? Tables.Version(v) : "none")}" + (baseline is { } b ? $" (baseline {Tables.Version(b)})" : ""));
        console.WriteLine();
        console.Write(new Text($"Applied ({status.Applied.Count})", new Style(decoration: Decoration.Bold)));
        console.WriteLine();
        if (status.Applied.Count > 0)
            console.Write(Tables.Applied(status.Applied));
        console.WriteLine();
        console.Write(new Text($"Pending ({status.Pending.Count})", new Style(decoration: Decoration.Bold)));
        console.WriteLine();
        if (status.Pending.Count > 0)
            console.Write(Tables.Pending(status.Pending));
        if (status.Problems.Count == 0)
            return;

        // Problems go to stdout with the rest of the report (they are the result), and exit 1 flags them for scripts.
        console.WriteLine();
        console.Write(new Text($"Problems ({status.Problems.Count})", new Style(Color.Red, decoration: Decoration.Bold)));
        console.WriteLine();
        foreach (var problem in status.Problems)
            console.Write(new Text("  - " + problem + "\n", new Style(Color.Red)));
    }
}
