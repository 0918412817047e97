namespace Keel;

/// <summary>One SQL shape ran more times than the threshold, with different parameters, in one scope.</summary>
public sealed class NPlusOneDetectedEventArgs(string sql, int executions, string? location) : EventArgs
{
    /// <summary>The statement text (placeholders, never values).</summary>
    public string Sql { get; } = sql;

    /// <summary>How many times it ran with distinct parameters when detected.</summary>
    public int Executions { get; } = executions;

    /// <summary>The first calling frame outside Keel (type, method, file and line when symbols are present).</summary>
    public string? Location { get; } = location;
}
