using System.CommandLine;
using Spectre.Console;
using Keel.Cli.Output;

namespace Keel.Cli.Migrate;

/// <summary><c>keel migrate down --to V</c>: reverts applied migrations above V, newest first.</summary>
internal static class DownCommand
{
    public static Command Create(CliContext context)
    {
        var database = new DatabaseOptions();

        // Required: a bare 'down' that guessed a target would be the one command here that loses data by default.
        var to = new Option<long>("--to") { Description = "Revert every applied migration above this version (0 reverts all).", Required = true };
        var command = new Command("down", "Revert applied migrations above a version, newest first, each by its down part.");
        database.AddTo(command);
        command.Options.Add(to);
        command.SetAction((parse, ct) => database.WithRunnerAsync(parse, context, async (runner, _) =>
        {
            var steps = await runner.DownAsync(parse.GetValue(to), ct).ConfigureAwait(false);
            if (steps.Count == 0)
            {
                context.Console.WriteLine($"Nothing to revert: no applied migration is above V{parse.GetValue(to)}.");
                return ExitCodes.Ok;
            }

            context.Console.Write(Tables.Steps(steps));
            context.Console.WriteLine($"Reverted {steps.Count} migration(s).");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
