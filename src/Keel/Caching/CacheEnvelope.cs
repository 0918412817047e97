using System.Buffers.Binary;
using System.Text;

namespace Keel;

/// <summary>
/// The bytes KeelCache stores in L2: a small header (format, created, expires, refresh point, tags) and the JSON
/// payload. Every node reads the same header, so expiry, eager refresh and tag invalidation agree across nodes.
/// </summary>
/// <remarks>
/// Layout: format byte (1), created UTC ticks (8), expires UTC ticks (8), refresh-at UTC ticks or 0 (8), tag count
/// (2), per tag its UTF-8 length (2) and bytes, then the payload. Integers are little-endian.
/// </remarks>
internal readonly record struct CacheEnvelope(DateTimeOffset Created, DateTimeOffset Expires, DateTimeOffset? RefreshAt, string[] Tags, ReadOnlyMemory<byte> Payload)
{
    private const byte Format = 1;
    private const int HeaderSize = 1 + 8 + 8 + 8 + 2;

    public byte[] ToBytes()
    {
        var size = HeaderSize + Payload.Length;
        foreach (var tag in Tags)
            size += 2 + Encoding.UTF8.GetByteCount(tag);
        var bytes = new byte[size];
        var span = bytes.AsSpan();
        span[0] = Format;
        BinaryPrimitives.WriteInt64LittleEndian(span[1..], Created.UtcTicks);
        BinaryPrimitives.WriteInt64LittleEndian(span[9..], Expires.UtcTicks);
        BinaryPrimitives.WriteInt64LittleEndian(span[17..], RefreshAt?.UtcTicks ?? 0);
        BinaryPrimitives.WriteUInt16LittleEndian(span[25..], (ushort)Tags.Length);
        var at = HeaderSize;
        foreach (var tag in Tags)
        {
            var length = Encoding.UTF8.GetBytes(tag, span[(at + 2)..]);
            BinaryPrimitives.WriteUInt16LittleEndian(span[at..], (ushort)length);
            at += 2 + length;
        }

        Payload.Span.CopyTo(span[at..]);
        return bytes;
    }

    /// <summary>Reads bytes written by <see cref="ToBytes"/>; false for anything else (another writer, a newer format).</summary>
    public static bool TryRead(byte[] bytes, out CacheEnvelope envelope)
    {
        envelope = default;
        if (bytes.Length < HeaderSize || bytes[0] != Format)
            return false;
        var span = bytes.AsSpan();
        var created = BinaryPrimitives.ReadInt64LittleEndian(span[1..]);
        var expires = BinaryPrimitives.ReadInt64LittleEndian(span[9..]);
        var refresh = BinaryPrimitives.ReadInt64LittleEndian(span[17..]);
        int count = BinaryPrimitives.ReadUInt16LittleEndian(span[25..]);
        if (!IsTicks(created) || !IsTicks(expires) || (refresh != 0 && !IsTicks(refresh)))
            return false;
        var tags = count == 0 ? [] : new string[count];
        var at = HeaderSize;
        for (var i = 0; i < count; i++)
        {
            if (at + 2 > bytes.Length)
                return false;
            int length = BinaryPrimitives.ReadUInt16LittleEndian(span[at..]);
            if (at + 2 + length > bytes.Length)
                return false;
            tags[i] = Encoding.UTF8.GetString(span.Slice(at + 2, length));
            at += 2 + length;
        }

        envelope = new CacheEnvelope(
            new DateTimeOffset(created, TimeSpan.Zero),
            new DateTimeOffset(expires, TimeSpan.Zero),
            refresh == 0 ? null : new DateTimeOffset(refresh, TimeSpan.Zero),
            tags,
            bytes.AsMemory(at));
        return true;
    }

    private static bool IsTicks(long ticks) => ticks >= DateTimeOffset.MinValue.UtcTicks && ticks <= DateTimeOffset.MaxValue.UtcTicks;
}
