using System.CommandLine;
using Spectre.Console;
using Keel.Cli.Output;

namespace Keel.Cli.Migrate;

/// <summary><c>keel migrate up [--to V] [--allow-lint-errors] [--dry-run]</c>.</summary>
internal static class UpCommand
{
    public static Command Create(CliContext context)
    {
        var database = new DatabaseOptions();
        var to = new Option<long?>("--to") { Description = "Apply pending migrations up to this version only." };
        var allowLintErrors = new Option<bool>("--allow-lint-errors") { Description = "Run in Production even with error-level lint findings (the operator's explicit permission)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the plan instead of running it." };
        var command = new Command("up", "Apply pending migrations (validated against history and linted first), with progress per migration.");
        database.AddTo(command);
        command.Options.Add(to);
        command.Options.Add(allowLintErrors);
        command.Options.Add(dryRun);
        command.SetAction((parse, ct) => database.WithRunnerAsync(parse, context, async (runner, _) =>
        {
            var target = parse.GetValue(to);
            if (parse.GetValue(dryRun))
                return await PlanCommand.PrintAsync(context, runner, target, ct).ConfigureAwait(false);
            var steps = await runner.UpAsync(target, ct).ConfigureAwait(false);
            if (steps.Count == 0)
            {
                context.Console.WriteLine("Nothing to apply: the database is up to date.");
                return ExitCodes.Ok;
            }

            context.Console.Write(Tables.Steps(steps));
            context.Console.WriteLine($"Applied {steps.Count} migration(s).");
            return ExitCodes.Ok;
        }, parse.GetValue(allowLintErrors)));
        return command;
    }
}
