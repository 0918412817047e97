using System.Globalization;
using System.Text;

namespace Keel.Redis;

/// <summary>
/// Where and how to connect: one endpoint, credentials, database, timeouts. Immutable; build it with an object
/// initializer or <see cref="Parse"/> a connection string such as
/// <c>127.0.0.1:6379,password=secret,defaultDatabase=0,connectTimeout=5000</c>.
/// </summary>
public sealed record RedisConnectionOptions
{
    /// <summary>The default Redis port, used when the endpoint names none.</summary>
    public const int DefaultPort = 6379;

    /// <summary>Host name or IP address. Default <c>127.0.0.1</c>.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>TCP port. Default 6379.</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary>The ACL user for <c>AUTH user password</c>; null sends <c>AUTH password</c> (the default user).</summary>
    public string? User { get; init; }

    /// <summary>The password sent with AUTH, or null for a server without one. Never logged nor put in messages.</summary>
    public string? Password { get; init; }

    /// <summary>The database selected on every connection (<c>SELECT n</c>). Default 0.</summary>
    public int DefaultDatabase { get; init; }

    /// <summary>The name shown by <c>CLIENT LIST</c>, or null.</summary>
    public string? ClientName { get; init; }

    /// <summary>How long opening a connection (TCP connect plus AUTH and SELECT) may take. Default 5 s.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a command may wait for its reply before <see cref="RedisTimeoutException"/>. Default 5 s.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The first wait after a failed connection attempt; it doubles on each further failure. Default 100 ms.</summary>
    public TimeSpan ReconnectMinDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest wait between connection attempts. Default 5 s.</summary>
    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often a subscriber connection sends PING to find a connection that died silently. Default 15 s.</summary>
    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Reads a connection string: an endpoint (<c>host</c>, <c>host:port</c> or <c>[ipv6]:port</c>) followed by
    /// comma-separated options <c>password</c>, <c>user</c>, <c>defaultDatabase</c>, <c>name</c>, <c>connectTimeout</c>
    /// and <c>commandTimeout</c> (milliseconds) and <c>keepAlive</c> (seconds). Option names are case-insensitive.
    /// </summary>
    /// <exception cref="ArgumentException">The string names no endpoint, several endpoints, an unknown option or a bad value.</exception>
    public static RedisConnectionOptions Parse(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var options = new RedisConnectionOptions();
        var endpoints = 0;
        foreach (var raw in connectionString.Split(','))
        {
            var part = raw.Trim();
            if (part.Length == 0)
                continue;
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                if (++endpoints > 1)
                    throw new ArgumentException("The Redis connection string names more than one endpoint; Keel.Redis connects to a single server (use its primary).", nameof(connectionString));
                var (host, port) = ParseEndpoint(part);
                options = options with { Host = host, Port = port };
                continue;
            }

            options = Apply(options, part[..equals].Trim(), part[(equals + 1)..].Trim());
        }

        if (endpoints == 0)
            throw new ArgumentException("The Redis connection string names no endpoint; start it with host:port, e.g. \"127.0.0.1:6379,password=...\".", nameof(connectionString));
        return options;
    }

    /// <summary>The endpoint and the settings, with the password hidden.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(Endpoint);
        if (User is not null)
            text.Append(",user=").Append(User);
        if (Password is not null)
            text.Append(",password=*****");
        if (DefaultDatabase != 0)
            text.Append(CultureInfo.InvariantCulture, $",defaultDatabase={DefaultDatabase}");
        if (ClientName is not null)
            text.Append(",name=").Append(ClientName);
        return text.ToString();
    }

    /// <summary>The endpoint as <c>host:port</c>, for messages and logs.</summary>
    internal string Endpoint => Host.Contains(':', StringComparison.Ordinal)
        ? string.Create(CultureInfo.InvariantCulture, $"[{Host}]:{Port}")
        : string.Create(CultureInfo.InvariantCulture, $"{Host}:{Port}");

    private static RedisConnectionOptions Apply(RedisConnectionOptions options, string name, string value)
    {
        return name.ToUpperInvariant() switch
        {
            "PASSWORD" => options with { Password = value },
            "USER" => options with { User = value },
            "DEFAULTDATABASE" => options with { DefaultDatabase = Number(name, value, 0) },
            "NAME" => options with { ClientName = value },
            "CONNECTTIMEOUT" => options with { ConnectTimeout = TimeSpan.FromMilliseconds(Number(name, value, 1)) },
            "COMMANDTIMEOUT" => options with { CommandTimeout = TimeSpan.FromMilliseconds(Number(name, value, 1)) },
            "KEEPALIVE" => options with { KeepAlive = TimeSpan.FromSeconds(Number(name, value, 1)) },
            _ => throw new ArgumentException(
                $"Unknown Redis connection string option '{name}'. Known options: password, user, defaultDatabase, name, connectTimeout, commandTimeout, keepAlive.",
                nameof(name)),
        };
    }

    private static int Number(string name, string value, int minimum)
    {
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < minimum)
            throw new ArgumentException($"The Redis connection string option '{name}' must be a whole number of at least {minimum}, not '{value}'.", nameof(value));
        return number;
    }

    private static (string Host, int Port) ParseEndpoint(string endpoint)
    {
        string host;
        string? port = null;
        if (endpoint.StartsWith('['))
        {
            var close = endpoint.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || (close + 1 < endpoint.Length && endpoint[close + 1] != ':'))
                throw new ArgumentException($"'{endpoint}' is not a valid endpoint; write an IPv6 address as [address]:port.", nameof(endpoint));
            host = endpoint[1..close];
            if (close + 1 < endpoint.Length)
                port = endpoint[(close + 2)..];
        }
        else
        {
            var colon = endpoint.LastIndexOf(':');
            if (colon >= 0 && endpoint.IndexOf(':', StringComparison.Ordinal) != colon)
                throw new ArgumentException($"'{endpoint}' is not a valid endpoint; write an IPv6 address as [address]:port.", nameof(endpoint));
            host = colon < 0 ? endpoint : endpoint[..colon];
            if (colon >= 0)
                port = endpoint[(colon + 1)..];
        }

        if (host.Length == 0)
            throw new ArgumentException($"'{endpoint}' names no host.", nameof(endpoint));
        if (port is null)
            return (host, DefaultPort);
        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
            throw new ArgumentException($"'{endpoint}' has an invalid port '{port}'; use 1-65535.", nameof(endpoint));
        return (host, number);
    }
}
