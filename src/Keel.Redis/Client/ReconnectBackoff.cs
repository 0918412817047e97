namespace Keel.Redis;

/// <summary>Exponential backoff between connection attempts, with jitter so many nodes do not reconnect in lockstep.</summary>
internal sealed class ReconnectBackoff(TimeSpan minimum, TimeSpan maximum)
{
    /// <summary>Failed attempts since the last success.</summary>
    public int Failures { get; private set; }

    /// <summary>Counts a failure and returns how long to wait before the next attempt.</summary>
    public TimeSpan NextDelay()
    {
        Failures++;
        var doubled = minimum.TotalMilliseconds * Math.Pow(2, Math.Min(Failures - 1, 30));
#pragma warning disable CA5394 // Jitter only spreads reconnects over time; it protects nothing.
        var jittered = Math.Min(doubled, maximum.TotalMilliseconds) * (0.8 + (0.4 * Random.Shared.NextDouble()));
#pragma warning restore CA5394
        return TimeSpan.FromMilliseconds(Math.Min(jittered, maximum.TotalMilliseconds));
    }

    public void Reset() => Failures = 0;
}
