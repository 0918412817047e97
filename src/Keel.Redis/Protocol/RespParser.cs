using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Keel.Redis;

/// <summary>
/// Reads RESP2 replies from a byte sequence that may end mid-reply. <see cref="TryRead"/> either consumes one whole
/// reply or leaves the reader where it was, so the caller can wait for more bytes and try again.
/// </summary>
internal static class RespParser
{
    /// <summary>Bulk strings larger than this are refused as a protocol error (Redis's own proto-max-bulk-len default).</summary>
    private const long MaxBulkLength = 512L * 1024 * 1024;

    /// <summary>Deeper nesting than any Redis reply uses means a corrupt stream, not data.</summary>
    private const int MaxDepth = 32;

    private static readonly string Ok = "OK";
    private static readonly string Pong = "PONG";

    /// <summary>Reads one complete reply; false (reader unchanged) when the bytes so far end mid-reply.</summary>
    /// <exception cref="InvalidDataException">The bytes are not RESP2.</exception>
    public static bool TryRead(ref SequenceReader<byte> reader, out RespValue value)
    {
        var start = reader;
        if (TryReadValue(ref reader, 0, out value))
            return true;
        reader = start;
        return false;
    }

    private static bool TryReadValue(ref SequenceReader<byte> reader, int depth, out RespValue value)
    {
        value = default;
        if (!reader.TryRead(out var prefix) || !TryReadLine(ref reader, out var line))
            return false;
        switch (prefix)
        {
            case (byte)'+':
                value = RespValue.SimpleString(SimpleText(line));
                return true;
            case (byte)'-':
                value = RespValue.Error(Encoding.UTF8.GetString(line));
                return true;
            case (byte)':':
                value = RespValue.FromInteger(ParseInteger(line));
                return true;
            case (byte)'$':
                return TryReadBulk(ref reader, ParseInteger(line), out value);
            case (byte)'*':
                return TryReadArray(ref reader, ParseInteger(line), depth, out value);
            default:
                throw new InvalidDataException($"Unexpected RESP type byte 0x{prefix:X2}.");
        }
    }

    private static bool TryReadBulk(ref SequenceReader<byte> reader, long length, out RespValue value)
    {
        value = RespValue.Null;
        if (length == -1)
            return true;
        if (length is < 0 or > MaxBulkLength)
            throw new InvalidDataException($"Invalid bulk string length {length}.");
        if (reader.Remaining < length + 2)
            return false;
        var bytes = length == 0 ? [] : GC.AllocateUninitializedArray<byte>((int)length);
        reader.TryCopyTo(bytes);
        reader.Advance(length);
        if (!reader.IsNext("\r\n"u8, advancePast: true))
            throw new InvalidDataException("A bulk string is not followed by CRLF.");
        value = RespValue.BulkString(bytes);
        return true;
    }

    private static bool TryReadArray(ref SequenceReader<byte> reader, long count, int depth, out RespValue value)
    {
        value = RespValue.Null;
        if (count == -1)
            return true;
        if (count < 0 || count > int.MaxValue || depth >= MaxDepth)
            throw new InvalidDataException($"Invalid array of {count} elements at depth {depth}.");
        // Every element takes at least 3 bytes, so a count beyond that is not all here yet; this also stops a corrupt
        // count from allocating a huge array.
        if (reader.Remaining < count * 3)
            return false;
        var elements = count == 0 ? [] : new RespValue[count];
        for (var i = 0; i < elements.Length; i++)
        {
            if (!TryReadValue(ref reader, depth + 1, out elements[i]))
                return false;
        }

        value = RespValue.Array(elements);
        return true;
    }

    /// <summary>Reads up to CRLF (excluded); a line split across segments is copied, which is rare.</summary>
    private static bool TryReadLine(ref SequenceReader<byte> reader, out ReadOnlySpan<byte> line)
    {
        if (!reader.TryReadTo(out line, (byte)'\n'))
            return false;
        if (line.IsEmpty || line[^1] != (byte)'\r')
            throw new InvalidDataException("A RESP line does not end with CRLF.");
        line = line[..^1];
        return true;
    }

    private static long ParseInteger(ReadOnlySpan<byte> line)
    {
        if (!Utf8Parser.TryParse(line, out long value, out var consumed) || consumed != line.Length)
            throw new InvalidDataException($"'{Encoding.ASCII.GetString(line)}' is not a RESP integer.");
        return value;
    }

    /// <summary>The common status replies come back as shared strings rather than a new one per reply.</summary>
    private static string SimpleText(ReadOnlySpan<byte> line)
    {
        if (line.SequenceEqual("OK"u8))
            return Ok;
        if (line.SequenceEqual("PONG"u8))
            return Pong;
        return Encoding.UTF8.GetString(line);
    }
}
