using System.CommandLine;
using Keel.Cli.Output;

namespace Keel.Cli.Migrate;

/// <summary><c>keel migrate plan [--to V]</c>: the SQL <c>up</c> would send, step by step. Changes nothing.</summary>
internal static class PlanCommand
{
    public static Command Create(CliContext context)
    {
        var database = new DatabaseOptions();
        var to = new Option<long?>("--to") { Description = "Plan up to this version only (repeatables are then left out)." };
        var command = new Command("plan", "Print the SQL of each pending migration, in order. Changes nothing.");
        database.AddTo(command);
        command.Options.Add(to);
        command.SetAction((parse, ct) => database.WithRunnerAsync(parse, context, (runner, _) => PrintAsync(context, runner, parse.GetValue(to), ct)));
        return command;
    }

    /// <summary>Prints the plan as a SQL script (steps separated by comment headers), so it can be reviewed or piped.</summary>
    public static async Task<int> PrintAsync(CliContext context, MigrationRunner runner, long? target, CancellationToken cancellationToken)
    {
        var steps = await runner.PlanAsync(target, cancellationToken).ConfigureAwait(false);
        if (steps.Count == 0)
        {
            await context.Out.WriteLineAsync("-- Nothing pending: the database is up to date.").ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        foreach (var step in steps)
        {
            var migration = step.Migration;
            await context.Out.WriteLineAsync($"-- {Tables.Version(migration.Version)} {migration.Description} ({migration.Script}), transaction {step.Mode.ToString().ToLowerInvariant()}").ConfigureAwait(false);
            await context.Out.WriteLineAsync(step.Sql.Trim()).ConfigureAwait(false);
            await context.Out.WriteLineAsync().ConfigureAwait(false);
        }

        await context.Out.WriteLineAsync($"-- {steps.Count} migration(s) pending; nothing was changed.").ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}
