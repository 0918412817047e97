using System.CommandLine;
using Keel.Cli.Migrate;

namespace Keel.Cli;

/// <summary>The <c>keel</c> command line: parses, runs one command, and maps the outcome to an exit code.</summary>
internal static class KeelCli
{
    /// <summary>Runs <paramref name="args"/> as the <c>keel</c> tool would, writing to the given writers; returns the exit code.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
        => RunAsync(args, stdout, stderr, System.Environment.GetEnvironmentVariable);

    /// <summary>As <see cref="RunAsync(string[], TextWriter, TextWriter)"/>, reading environment variables through <paramref name="environment"/>.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(args);
        var context = new CliContext(stdout, stderr, environment);
        var root = new RootCommand("keel: the Keel PostgreSQL data layer's command-line tool.");
        root.Subcommands.Add(MigrateCommand.Create(context));

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
                await stderr.WriteLineAsync($"error: {error.Message}").ConfigureAwait(false);
            await stderr.WriteLineAsync("Run 'keel --help' (or the command with --help) for usage.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        try
        {
            // Exceptions come back here rather than to System.CommandLine's handler, which prints a stack trace:
            // Keel's messages are written for people, and the exit code must tell usage from failure.
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false }).ConfigureAwait(false);
        }
        catch (UsageException e)
        {
            await stderr.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException)
        {
            await stderr.WriteLineAsync("Canceled.").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
#pragma warning disable CA1031 // The tool's last line of defence: any failure becomes a message and exit code 1, never a crash dump.
        catch (Exception e)
#pragma warning restore CA1031
        {
            await stderr.WriteLineAsync($"error: {Describe(e)}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
    }

    private static string Describe(Exception e)
        => e is KeelException || e.InnerException is null ? e.Message : $"{e.Message} ({e.InnerException.Message})";
}
