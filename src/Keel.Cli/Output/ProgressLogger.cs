using Microsoft.Extensions.Logging;

namespace Keel.Cli.Output;

/// <summary>
/// Turns the runner's log into the command's progress: each migration as it starts goes to stdout, warnings (lint
/// findings, lock-timeout retries with their blockers) and errors to stderr — as they happen, not after the run.
/// </summary>
internal sealed class ProgressLogger(CliContext context) : ILogger
{
    private string? _lastProgress;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (!IsEnabled(logLevel))
            return;
        var message = formatter(state, exception);
        switch (logLevel)
        {
            case LogLevel.Information:
                // The runner reports a lock wait on every poll (5 times a second); one line per distinct wait is enough.
                if (message != _lastProgress)
                    context.Out.WriteLine("  " + message);
                _lastProgress = message;
                break;
            case LogLevel.Warning:
                context.Error.WriteLine("warning: " + message + (exception is null ? "" : $" ({exception.Message})"));
                break;
            default:
                context.Error.WriteLine("error: " + message + (exception is null ? "" : $" ({exception.Message})"));
                break;
        }
    }
}
