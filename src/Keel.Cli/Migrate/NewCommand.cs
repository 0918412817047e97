using System.CommandLine;

namespace Keel.Cli.Migrate;

/// <summary><c>keel migrate new NAME</c>: scaffold the next versioned SQL file. Needs no database.</summary>
internal static class NewCommand
{
    public static Command Create(CliContext context)
    {
        var directory = DatabaseOptions.DirectoryOption();
        var name = new Argument<string>("name") { Description = "What the migration does, e.g. \"add posts\"." };
        var command = new Command("new", "Create the next V<version>__<name>.sql file in the migrations folder and print its path.");
        command.Options.Add(directory);
        command.Arguments.Add(name);
        command.SetAction(async (parse, ct) =>
        {
            var path = MigrationRunner.NewMigration(parse.GetValue(directory)!, parse.GetValue(name)!);
            await context.Out.WriteLineAsync(path).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
