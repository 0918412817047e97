namespace Keel.Redis.Tests;

/// <summary>Waits for something that happens in the background; asserts nothing about how long it takes.</summary>
public static class Eventually
{
    /// <summary>A bound for a loaded machine, not an expectation.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>Polls <paramref name="condition"/> until it holds; fails naming <paramref name="what"/> after <see cref="Patience"/>.</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Within {Patience.TotalSeconds} s this never happened: {what}.");
            await Task.Delay(20);
        }
    }

    /// <summary>Polls until a PING on <paramref name="connection"/> succeeds, i.e. it has reconnected.</summary>
    public static Task ConnectedAsync(RedisConnection connection) => HoldsAsync(async () =>
    {
        try
        {
            await connection.PingAsync();
            return true;
        }
        catch (RedisConnectionException)
        {
            return false;
        }
    }, "the connection answers a PING");
}
