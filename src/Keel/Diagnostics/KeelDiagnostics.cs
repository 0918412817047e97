using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Keel;

/// <summary>
/// N+1 detection for one data source (<c>keel.Diagnostics</c>). Every session is a scope of its own; a
/// <see cref="DiagnosticsScope"/> from <see cref="BeginScope"/> groups the commands of a whole request.
/// </summary>
public sealed class KeelDiagnostics
{
    private static readonly string KeelAssembly = typeof(KeelDiagnostics).Assembly.GetName().Name!;
    private readonly ILogger _logger;

    internal KeelDiagnostics(NPlusOneMode mode, int threshold, ILogger logger)
    {
        Mode = mode;
        Threshold = threshold;
        _logger = logger;
    }

    /// <summary>Raised when a SQL shape goes over the threshold in a scope (once per shape per scope).</summary>
    public event EventHandler<NPlusOneDetectedEventArgs>? NPlusOneDetected;

    /// <summary>The default mode (<see cref="KeelOptions.NPlusOneMode"/>), used by session scopes.</summary>
    public NPlusOneMode Mode { get; }

    /// <summary>The default threshold (<see cref="KeelOptions.NPlusOneThreshold"/>).</summary>
    public int Threshold { get; }

    /// <summary>Starts a scope on the current async flow; dispose it at the end of the unit of work.</summary>
    public DiagnosticsScope BeginScope(NPlusOneMode? mode = null, int? threshold = null)
    {
        if (threshold is { } t)
            ArgumentOutOfRangeException.ThrowIfLessThan(t, 1, nameof(threshold));
        return new DiagnosticsScope(this, mode ?? Mode, threshold ?? Threshold);
    }

    /// <summary>Counts a command about to run; reports (and in Throw mode, throws) when its shape goes over the threshold.</summary>
    internal void Observe(KeelSession session, string text, Sql sql)
    {
        if (sql.PartCount < 2)
            return;
        var scope = DiagnosticsScope.Current is { } current && ReferenceEquals(current.Owner, this) ? current : null;
        var mode = scope?.Mode ?? Mode;
        if (mode == NPlusOneMode.Off)
            return;
        var tracker = scope?.Tracker ?? session.Shapes;
        if (!tracker.Observe(text, sql, scope?.Threshold ?? Threshold, out var executions))
            return;

        var detection = new NPlusOneDetectedEventArgs(text, executions, CallerLocation());
        NPlusOneDetected?.Invoke(this, detection);
        if (_logger.IsEnabled(LogLevel.Warning))
            KeelLog.NPlusOne(_logger, detection.Executions, detection.Location ?? "unknown", detection.Sql);
        if (mode == NPlusOneMode.Throw)
            throw new NPlusOneException(detection);
    }

    /// <summary>The first frame outside Keel: where the application issued the repeated query. Only on detection.</summary>
    private static string? CallerLocation()
    {
        foreach (var frame in new StackTrace(2, fNeedFileInfo: true).GetFrames())
        {
            // DiagnosticMethodInfo stays available when trimmed, unlike StackFrame.GetMethod().
            var method = DiagnosticMethodInfo.Create(frame);
            var type = method?.DeclaringTypeName;
            if (method is null || type is null || method.DeclaringAssemblyName?.StartsWith(KeelAssembly + ",", StringComparison.Ordinal) == true
                || type.StartsWith("System.", StringComparison.Ordinal))
                continue;
            // Async state machines are nested types named <Method>d__N; show the method, not the machine.
            var name = method.Name;
            var plus = type.LastIndexOf('+');
            if (plus > 0 && type.Length > plus + 1 && type[plus + 1] == '<')
            {
                var close = type.IndexOf('>', plus);
                name = type[(plus + 2)..close];
                type = type[..plus];
            }

            var file = frame.GetFileName();
            return file is null ? $"{type}.{name}" : $"{type}.{name} in {Path.GetFileName(file)}:{frame.GetFileLineNumber()}";
        }

        return null;
    }
}
