using Spectre.Console;

namespace Keel.Cli;

/// <summary>Where a command writes (results to stdout, errors to stderr) and what it reads from the environment.</summary>
internal sealed class CliContext
{
    public CliContext(TextWriter stdout, TextWriter stderr, Func<string, string?> environment)
    {
        Out = stdout;
        Error = stderr;
        Environment = environment;
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout),
            Ansi = AnsiSupport.Detect,
            ColorSystem = ColorSystemSupport.Detect,
            Interactive = InteractionSupport.Detect,
        });
    }

    /// <summary>Results: tables, JSON, SQL.</summary>
    public TextWriter Out { get; }

    /// <summary>Errors and warnings.</summary>
    public TextWriter Error { get; }

    /// <summary>Tables and colour over <see cref="Out"/>; plain text when it is not a terminal.</summary>
    public IAnsiConsole Console { get; }

    /// <summary>Reads an environment variable (replaceable, so tests do not depend on the machine's).</summary>
    public Func<string, string?> Environment { get; }
}
