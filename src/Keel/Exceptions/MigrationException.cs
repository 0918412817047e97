namespace Keel;

/// <summary>A migration could not be found, validated or run; the message says which and what to do.</summary>
public class MigrationException : KeelException
{
    /// <summary>Creates the exception.</summary>
    public MigrationException(string message, Exception? innerException = null) : base(message, innerException)
    {
    }
}
