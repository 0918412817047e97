using Microsoft.Extensions.Internal;

namespace Keel;

/// <summary>Lets MemoryCache read the same clock as the rest of the cache, so a test clock moves both.</summary>
internal sealed class TimeProviderClock(TimeProvider time) : ISystemClock
{
    public DateTimeOffset UtcNow => time.GetUtcNow();
}
