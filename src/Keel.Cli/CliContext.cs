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

        // Colour and box styles only on a real terminal: piped into a file, a pager or a test, escape codes are noise.
        var terminal = ReferenceEquals(stdout, System.Console.Out) && !System.Console.IsOutputRedirected;
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
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
