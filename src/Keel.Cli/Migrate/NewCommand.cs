using System.CommandLine;
using System.Diagnostics.CodeAnalysis;

namespace Keel.Cli.Migrate;

/// <summary><c>keel migrate new NAME</c>: scaffold the next versioned SQL file. Needs no database.</summary>
internal static class NewCommand
{
    // Never opened: MigrationRunner wants a data source, but NewMigration only reads the folder.
    private const string UnusedConnection = "Host=localhost";

    public static Command Create(CliContext context)
    {
        var directory = DatabaseOptions.DirectoryOption();
        var name = new Argument<string>("name") { Description = "What the migration does, e.g. \"add posts\"." };
        var command = new Command("new", "Create the next V<version>__<name>.sql file in the migrations folder and print its path.");
        command.Options.Add(directory);
        command.Arguments.Add(name);
        command.SetAction(async (parse, ct) =>
        {
            var folder = parse.GetValue(directory)!;

            // The runner refuses a folder that does not exist yet; the first 'new' of a project creates it.
            System.IO.Directory.CreateDirectory(folder);
            var path = Create(folder, parse.GetValue(name)!);
            await context.Out.WriteLineAsync(path).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Only SQL files are read; no assembly is scanned for C# migrations.")]
    private static string Create(string folder, string name)
    {
        using var keel = KeelDataSource.Create(UnusedConnection);
        return new MigrationRunner(keel, new MigrationOptions { Directory = folder }).NewMigration(name);
    }
}
