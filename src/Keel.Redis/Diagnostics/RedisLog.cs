using Microsoft.Extensions.Logging;

namespace Keel.Redis;

/// <summary>Keel.Redis's log messages (event ids 2001-2099), generated at build time. Endpoints only, never passwords.</summary>
internal static partial class RedisLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Redis {Role} connection to {Endpoint} opened ({Kind})")]
    public static partial void Connected(ILogger logger, string role, string endpoint, string kind);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Redis {Role} connection to {Endpoint} lost")]
    public static partial void ConnectionLost(ILogger logger, string role, string endpoint, Exception? exception);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning,
        Message = "Could not open a Redis {Role} connection to {Endpoint} (attempt {Attempt}); next attempt in {DelayMs:F0} ms")]
    public static partial void ConnectFailed(ILogger logger, string role, string endpoint, int attempt, double delayMs, Exception exception);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information,
        Message = "Redis subscriber resubscribed to {Count} channel(s) on {Endpoint}; delivering a local Clear for messages missed meanwhile")]
    public static partial void Resubscribed(ILogger logger, int count, string endpoint);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Error, Message = "A Redis backplane handler failed for a message on {Channel}")]
    public static partial void HandlerFailed(ILogger logger, string channel, Exception exception);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Debug, Message = "Ignored a message on {Channel} that is not a cache backplane message")]
    public static partial void ForeignMessage(ILogger logger, string channel);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Warning, Message = "Could not release the Redis lock {Key}; it expires by itself")]
    public static partial void LockReleaseFailed(ILogger logger, string key, Exception exception);
}
