namespace Keel.Redis;

/// <summary>
/// Redis answered a command with an error (the message carries the server's text, e.g. <c>WRONGTYPE ...</c>), or a
/// stored value is not in the form Keel.Redis wrote. The base of <see cref="RedisConnectionException"/> and
/// <see cref="RedisTimeoutException"/>, so one catch handles every Redis failure.
/// </summary>
public class RedisException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RedisException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public RedisException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public RedisException(string message, Exception? innerException) : base(message, innerException)
    {
    }
}
