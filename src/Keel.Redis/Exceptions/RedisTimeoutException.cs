namespace Keel.Redis;

/// <summary>
/// A command got no reply within <see cref="RedisConnectionOptions.CommandTimeout"/>. It may still run on the server;
/// its late reply is discarded without disturbing the replies of later commands.
/// </summary>
public sealed class RedisTimeoutException : RedisException
{
    /// <summary>Creates the exception.</summary>
    public RedisTimeoutException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public RedisTimeoutException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public RedisTimeoutException(string message, Exception? innerException) : base(message, innerException)
    {
    }
}
