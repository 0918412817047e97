namespace Keel;

/// <summary>
/// A unit of work to watch for N+1 query patterns — typically one web request:
/// <c>using var scope = keel.Diagnostics.BeginScope();</c>. Commands on any session of the same data source inside
/// it (on this async flow) are counted together. Scopes nest; the innermost one counts.
/// </summary>
public sealed class DiagnosticsScope : IDisposable
{
    private static readonly AsyncLocal<DiagnosticsScope?> CurrentScope = new();
    private readonly DiagnosticsScope? _parent;
    private bool _disposed;

    internal DiagnosticsScope(KeelDiagnostics owner, NPlusOneMode mode, int threshold)
    {
        Owner = owner;
        Mode = mode;
        Threshold = threshold;
        _parent = CurrentScope.Value;
        CurrentScope.Value = this;
    }

    /// <summary>What happens on detection in this scope.</summary>
    public NPlusOneMode Mode { get; }

    /// <summary>How many distinct executions of one shape are allowed.</summary>
    public int Threshold { get; }

    internal KeelDiagnostics Owner { get; }

    internal ShapeTracker Tracker { get; } = new();

    internal static DiagnosticsScope? Current => CurrentScope.Value;

    /// <summary>Ends the scope; the enclosing one (if any) counts again.</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        if (ReferenceEquals(CurrentScope.Value, this))
            CurrentScope.Value = _parent;
    }
}
