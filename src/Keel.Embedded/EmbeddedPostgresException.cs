namespace Keel.Embedded;

/// <summary>The embedded server could not be initialized, started or stopped; the message carries the server's own output.</summary>
public sealed class EmbeddedPostgresException : Exception
{
    /// <summary>Creates the exception.</summary>
    public EmbeddedPostgresException(string message, Exception? innerException = null) : base(message, innerException)
    {
    }
}
