using System.Buffers;
using System.Buffers.Text;

namespace Keel.Redis;

/// <summary>
/// The 27-byte header in front of every value <see cref="RedisDistributedCache"/> stores: a format byte <c>'1'</c>, the
/// sliding expiration in milliseconds (13 digits) and the absolute expiration as Unix milliseconds (13 digits), 0 for
/// none. Plain ASCII digits, so the Lua script that renews a sliding entry reads them with <c>tonumber</c>; keeping
/// the header in the value (rather than a hash beside it) keeps Set a single <c>SET ... PX</c>.
/// </summary>
internal static class CacheEntryHeader
{
    public const int Length = 27;
    private const byte Format = (byte)'1';
    private const int Digits = 13;
    private const long MaxValue = 9_999_999_999_999;

    /// <summary>Writes the header into <paramref name="destination"/>; sliding and absolute are 0 when unset.</summary>
    public static void Write(Span<byte> destination, long slidingMilliseconds, long absoluteUnixMilliseconds)
    {
        if (slidingMilliseconds > MaxValue)
            throw new ArgumentOutOfRangeException(nameof(slidingMilliseconds), "A sliding expiration above 300 years is not supported.");
        destination[0] = Format;
        Utf8Formatter.TryFormat(slidingMilliseconds, destination.Slice(1, Digits), out _, new StandardFormat('D', Digits));
        Utf8Formatter.TryFormat(Math.Min(absoluteUnixMilliseconds, MaxValue), destination.Slice(1 + Digits, Digits), out _, new StandardFormat('D', Digits));
    }

    /// <summary>True when <paramref name="stored"/> starts with a header this version wrote.</summary>
    public static bool IsValid(ReadOnlySpan<byte> stored)
    {
        if (stored.Length < Length || stored[0] != Format)
            return false;
        foreach (var digit in stored[1..Length])
        {
            if (digit is < (byte)'0' or > (byte)'9')
                return false;
        }

        return true;
    }
}
