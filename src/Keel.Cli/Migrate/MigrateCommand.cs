using System.CommandLine;

namespace Keel.Cli.Migrate;

/// <summary><c>keel migrate &lt;command&gt;</c>: status, up, down, plan, new, lint, baseline, repair.</summary>
internal static class MigrateCommand
{
    public static Command Create(CliContext context)
    {
        var migrate = new Command("migrate", "Versioned, linted PostgreSQL migrations.");
        migrate.Subcommands.Add(StatusCommand.Create(context));
        migrate.Subcommands.Add(UpCommand.Create(context));
        migrate.Subcommands.Add(DownCommand.Create(context));
        migrate.Subcommands.Add(PlanCommand.Create(context));
        migrate.Subcommands.Add(NewCommand.Create(context));
        migrate.Subcommands.Add(LintCommand.Create(context));
        migrate.Subcommands.Add(BaselineCommand.Create(context));
        migrate.Subcommands.Add(RepairCommand.Create(context));
        return migrate;
    }
}
