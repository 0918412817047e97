namespace Keel.Cli;

/// <summary>What the <c>keel</c> process returns, so scripts and CI can branch on it.</summary>
internal static class ExitCodes
{
    /// <summary>Done; for <c>lint</c> no findings, for <c>status</c> no problems.</summary>
    public const int Ok = 0;

    /// <summary>Findings, problems, or a command that failed (the message says why).</summary>
    public const int Failure = 1;

    /// <summary>The command line itself was wrong: a parse error or a missing connection.</summary>
    public const int Usage = 2;
}
