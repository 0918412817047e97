namespace Keel;

/// <summary>The base of every exception Keel throws for a database or usage failure.</summary>
public class KeelException : Exception
{
    /// <summary>Creates the exception with a message.</summary>
    public KeelException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the cause.</summary>
    public KeelException(string message, Exception? innerException) : base(message, innerException)
    {
    }
}
