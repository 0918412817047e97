namespace Keel.Embedded;

/// <summary>No PostgreSQL server binaries could be found; the message says where Keel looked and what to install.</summary>
public sealed class PostgresBinariesNotFoundException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PostgresBinariesNotFoundException(string message) : base(message)
    {
    }
}
