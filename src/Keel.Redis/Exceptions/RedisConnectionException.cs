namespace Keel.Redis;

/// <summary>
/// The server could not be reached, refused the handshake (AUTH or SELECT; the server's text is in the message, the
/// password never is), or the connection dropped while the command was in flight. Whether such a command ran on the
/// server is unknown. The client reconnects by itself, with backoff; retry later.
/// </summary>
public sealed class RedisConnectionException : RedisException
{
    /// <summary>Creates the exception.</summary>
    public RedisConnectionException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public RedisConnectionException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public RedisConnectionException(string message, Exception? innerException) : base(message, innerException)
    {
    }
}
