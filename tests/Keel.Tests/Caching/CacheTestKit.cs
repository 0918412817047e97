using System.Text.Json.Serialization;
using Microsoft.Extensions.Time.Testing;

namespace Keel.Tests.Caching;

public sealed record Profile(int Id, string Name);

[JsonSerializable(typeof(Profile))]
public sealed partial class CacheJsonContext : JsonSerializerContext;

/// <summary>What the cache tests share: a PostgreSQL L2 table per test class, unique prefixes and channels, a counting factory.</summary>
internal static class CacheTestKit
{
    public static string Unique(string stem) => stem + "_" + Guid.NewGuid().ToString("N")[..10];

    public static FakeTimeProvider Clock() => new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));

    public static async Task<PostgresDistributedCache> L2Async(KeelDataSource keel, TimeProvider? time = null)
    {
        var l2 = new PostgresDistributedCache(keel, new PostgresDistributedCacheOptions { SweepInterval = null, TimeProvider = time ?? TimeProvider.System });
        await l2.EnsureSchemaAsync();
        return l2;
    }

    /// <summary>Waits (without asserting anything about time) until <paramref name="condition"/> holds; fails after a generous bound.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        for (var i = 0; i < 400; i++)
        {
            if (await condition())
                return;
            await Task.Delay(25);
        }

        Assert.Fail("Never happened: " + what);
    }
}

/// <summary>A factory that counts its calls and returns a value made from the count.</summary>
internal sealed class CountingFactory(Func<int, Profile>? make = null)
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public Task<Profile> LoadAsync(CancellationToken cancellationToken)
    {
        var call = Interlocked.Increment(ref _calls);
        return Task.FromResult(make?.Invoke(call) ?? new Profile(call, "v" + call));
    }
}
