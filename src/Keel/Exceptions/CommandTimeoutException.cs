namespace Keel;

/// <summary>
/// A command ran longer than its client-side timeout (<see cref="KeelOptions.CommandTimeout"/> or
/// <see cref="CommandOptions.Timeout"/>); Npgsql canceled it on the server. In a transaction, the transaction is aborted.
/// </summary>
public sealed class CommandTimeoutException : KeelException
{
    /// <summary>Creates the exception.</summary>
    public CommandTimeoutException(string statement, Exception innerException)
        : base($"The command did not finish within its timeout and was canceled: {statement}. " +
               "Raise KeelOptions.CommandTimeout or pass CommandOptions.Timeout for this command.", innerException)
    {
    }
}
