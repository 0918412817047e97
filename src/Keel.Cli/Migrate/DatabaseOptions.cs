using System.CommandLine;
using System.CommandLine.Parsing;
using Keel.Cli.Output;

namespace Keel.Cli.Migrate;

/// <summary>
/// The options every database command shares (<c>--connection</c>, <c>--dir</c>, <c>--mode</c>, <c>--lock-timeout</c>,
/// <c>--environment</c>, <c>--history-schema</c>) and how they become a <see cref="MigrationRunner"/>.
/// </summary>
internal sealed class DatabaseOptions
{
    public const string ConnectionVariable = "KEEL_CONNECTION";

    public Option<string?> Connection { get; } = new("--connection", "-c")
    {
        Description = $"The PostgreSQL connection string (default: the {ConnectionVariable} environment variable).",
    };

    public Option<string> Directory { get; } = DirectoryOption();

    public Option<string> Mode { get; } = new Option<string>("--mode")
    {
        Description = "Transaction mode: each migration in its own transaction, all in one, or none.",
        DefaultValueFactory = _ => "each",
    }.AcceptOnlyFromAmong("each", "all", "none");

    public Option<TimeSpan?> LockTimeout { get; } = new("--lock-timeout")
    {
        Description = "lock_timeout per migration, e.g. 5s, 500ms, 1min; 'none' keeps the server's.",
        CustomParser = ParseLockTimeout,
        DefaultValueFactory = _ => TimeSpan.FromSeconds(5),
    };

    public Option<string?> Environment { get; } = new("--environment", "-e")
    {
        Description = "The environment; 'Production' turns error-level lint findings into a stop (default: KEEL_ENVIRONMENT, then DOTNET_ENVIRONMENT).",
    };

    public Option<string[]> Assemblies { get; } = new("--assembly", "-a")
    {
        Description = "A built assembly (.dll) with C# migrations ([Migration] classes); repeatable. SQL and C# migrations mix by version.",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string> HistorySchema { get; } = new("--history-schema")
    {
        Description = "The schema of the keel_schema_history table.",
        DefaultValueFactory = _ => "public",
    };

    /// <summary>The folder option alone, for commands that need no database (<c>new</c>).</summary>
    public static Option<string> DirectoryOption() => new("--dir", "-d")
    {
        Description = "The migrations folder.",
        DefaultValueFactory = _ => "./migrations",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Connection);
        command.Options.Add(Directory);
        command.Options.Add(Mode);
        command.Options.Add(LockTimeout);
        command.Options.Add(Environment);
        command.Options.Add(HistorySchema);
        command.Options.Add(Assemblies);
    }

    /// <summary>Runs <paramref name="work"/> with a runner over the command line's database; the data source is disposed after.</summary>
    public async Task<int> WithRunnerAsync(ParseResult parse, CliContext context, Func<MigrationRunner, ProgressLogger, Task<int>> work, bool allowLintErrors = false)
    {
        var connection = parse.GetValue(Connection) ?? context.Environment(ConnectionVariable);
        if (string.IsNullOrWhiteSpace(connection))
            throw new UsageException($"No database: pass --connection \"Host=...;Database=...\" or set {ConnectionVariable}.");
        var logger = new ProgressLogger(context);
        var assemblies = LoadAssemblies(parse.GetValue(Assemblies) ?? []);
        var directory = parse.GetValue(Directory);

        // With only C# migrations, the default SQL folder need not exist.
        if (assemblies.Count > 0 && directory is not null && !System.IO.Directory.Exists(directory) && parse.GetResult(Directory) is null or { Implicit: true })
            directory = null;
        var options = new MigrationOptions
        {
            Directory = directory,
            Assemblies = assemblies,
            Mode = ParseMode(parse.GetValue(Mode)),
            LockTimeout = parse.GetValue(LockTimeout),
            Environment = parse.GetValue(Environment) ?? context.Environment("KEEL_ENVIRONMENT") ?? context.Environment("DOTNET_ENVIRONMENT")
                ?? context.Environment("ASPNETCORE_ENVIRONMENT") ?? "Development",
            HistorySchema = parse.GetValue(HistorySchema) ?? "public",
            AllowLintErrors = allowLintErrors,
            Logger = logger,
        };
        var keel = KeelDataSource.Create(connection);
        await using (keel.ConfigureAwait(false))
            return await work(new MigrationRunner(keel, options), logger).ConfigureAwait(false);
    }

    private static List<System.Reflection.Assembly> LoadAssemblies(string[] paths)
    {
        var loaded = new List<System.Reflection.Assembly>();
        foreach (var path in paths)
        {
            var full = Path.GetFullPath(path);
            if (!File.Exists(full))
                throw new UsageException($"--assembly '{path}' does not exist; build the project first and pass its .dll.");

            // LoadFrom resolves the assembly's own dependencies from its folder; Keel itself is already loaded here.
            loaded.Add(System.Reflection.Assembly.LoadFrom(full));
        }

        return loaded;
    }

    public static MigrationTransaction ParseMode(string? mode) => mode switch
    {
        "all" => MigrationTransaction.All,
        "none" => MigrationTransaction.None,
        _ => MigrationTransaction.Each,
    };

    private static TimeSpan? ParseLockTimeout(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (text.Equals("none", StringComparison.OrdinalIgnoreCase))
            return null;
        if (Duration.TryParse(text, out var value))
            return value;
        result.AddError($"'{text}' is not a duration for --lock-timeout: use e.g. 5s, 500ms, 1min, or none.");
        return null;
    }
}
