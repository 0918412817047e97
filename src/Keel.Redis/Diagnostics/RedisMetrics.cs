using System.Diagnostics.Metrics;

namespace Keel.Redis;

/// <summary>
/// Keel.Redis's instruments. They are published on a meter named like Keel's own (<see cref="KeelMetrics.MeterName"/>),
/// so <c>AddMeter("Keel")</c> collects them together with the core's; the instrument names start with <c>keel.redis.</c>.
/// </summary>
internal static class RedisMetrics
{
    private static readonly Meter Meter = new(KeelMetrics.MeterName, "1.0");

    /// <summary>Connections opened; tags <c>role</c> (<c>commands</c> or <c>subscriber</c>) and <c>kind</c> (<c>connect</c> or <c>reconnect</c>).</summary>
    public static readonly Counter<long> Connects = Meter.CreateCounter<long>(
        "keel.redis.connects", unit: "{connection}", description: "Connections opened to Redis, first ones and reconnects.");

    /// <summary>Connection attempts that failed; tag <c>role</c>.</summary>
    public static readonly Counter<long> ConnectFailures = Meter.CreateCounter<long>(
        "keel.redis.connect_failures", unit: "{attempt}", description: "Failed attempts to open a Redis connection.");

    /// <summary>Open connections that were lost; tag <c>role</c>.</summary>
    public static readonly Counter<long> Disconnects = Meter.CreateCounter<long>(
        "keel.redis.disconnects", unit: "{connection}", description: "Redis connections lost while open.");

    /// <summary>Commands that failed; tag <c>error</c> (<c>server</c>, <c>timeout</c> or <c>connection</c>).</summary>
    public static readonly Counter<long> CommandErrors = Meter.CreateCounter<long>(
        "keel.redis.command.errors", unit: "{error}", description: "Redis commands that failed.");

    public static void Count(Counter<long> counter, string tag, string value)
    {
        if (counter.Enabled)
            counter.Add(1, new KeyValuePair<string, object?>(tag, value));
    }

    public static void Count(Counter<long> counter, string tag1, string value1, string tag2, string value2)
    {
        if (counter.Enabled)
            counter.Add(1, new KeyValuePair<string, object?>(tag1, value1), new KeyValuePair<string, object?>(tag2, value2));
    }
}
