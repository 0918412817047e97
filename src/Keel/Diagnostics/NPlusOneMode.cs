namespace Keel;

/// <summary>What Keel does when one SQL shape runs too often in a diagnostics scope (an N+1 pattern).</summary>
public enum NPlusOneMode
{
    /// <summary>Nothing is tracked.</summary>
    Off,

    /// <summary>Raise <see cref="KeelDiagnostics.NPlusOneDetected"/> and log a warning, once per shape per scope.</summary>
    Warn,

    /// <summary>As <see cref="Warn"/>, then throw <see cref="NPlusOneException"/> instead of running the command (development and tests).</summary>
    Throw,
}
