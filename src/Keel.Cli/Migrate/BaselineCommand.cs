using System.CommandLine;
using Spectre.Console;

namespace Keel.Cli.Migrate;

/// <summary><c>keel migrate baseline V</c>: adopt Keel on an existing database.</summary>
internal static class BaselineCommand
{
    public static Command Create(CliContext context)
    {
        var database = new DatabaseOptions();
        var version = new Argument<long>("version") { Description = "The version the existing schema already matches." };
        var command = new Command("baseline", "Mark an existing database as being at a version: migrations up to it count as applied and never run. Needs an empty history.");
        database.AddTo(command);
        command.Arguments.Add(version);
        command.SetAction((parse, ct) => database.WithRunnerAsync(parse, context, async (runner, _) =>
        {
            var v = parse.GetValue(version);
            await runner.BaselineAsync(v, ct).ConfigureAwait(false);
            context.Console.WriteLine($"Baselined at V{v}: migrations up to V{v} count as applied; later ones run on 'up'.");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
