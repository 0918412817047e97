using System.CommandLine;
using Spectre.Console;

namespace Keel.Cli.Migrate;

/// <summary><c>keel migrate repair</c>: make history agree with the sources after a deliberate change.</summary>
internal static class RepairCommand
{
    public static Command Create(CliContext context)
    {
        var database = new DatabaseOptions();
        var command = new Command("repair", "Forget failed attempts, accept changed checksums, forget migrations whose sources are gone. Runs no migration.");
        database.AddTo(command);
        command.SetAction((parse, ct) => database.WithRunnerAsync(parse, context, async (runner, _) =>
        {
            var done = await runner.RepairAsync(ct).ConfigureAwait(false);
            if (done.Count == 0)
                context.Console.WriteLine("Nothing to repair: history matches the sources.");
            foreach (var line in done)
                context.Console.WriteLine(line);
            return ExitCodes.Ok;
        }));
        return command;
    }
}
