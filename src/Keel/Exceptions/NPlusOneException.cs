namespace Keel;

/// <summary>
/// In <see cref="NPlusOneMode.Throw"/>, a SQL shape ran more times than allowed in one scope: load the rows in one
/// query (<c>= ANY($1)</c>) or with a batched loader instead of one query per item. The command did not run.
/// </summary>
public sealed class NPlusOneException : KeelException
{
    /// <summary>Creates the exception.</summary>
    public NPlusOneException(NPlusOneDetectedEventArgs detection)
        : base($"N+1 query pattern: this statement ran {detection?.Executions} times with different parameters in one scope" +
               $"{(detection?.Location is { } at ? " (from " + at + ")" : string.Empty)}: {detection?.Sql}. Load the rows in one query " +
               "(WHERE id = ANY($1)) or through a batched loader.")
    {
        Detection = detection!;
    }

    /// <summary>What was detected.</summary>
    public NPlusOneDetectedEventArgs Detection { get; }
}
