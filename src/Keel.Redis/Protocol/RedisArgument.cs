using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Keel.Redis;

/// <summary>
/// One argument of a command: text (sent as UTF-8), bytes, or an integer. Kept as the caller's own object and encoded
/// straight into the socket's buffer, so a command costs no intermediate byte arrays.
/// </summary>
internal readonly struct RedisArgument
{
    private readonly string? _text;
    private readonly ReadOnlyMemory<byte> _bytes;
    private readonly long _integer;
    private readonly byte _kind;

    private RedisArgument(string? text, ReadOnlyMemory<byte> bytes, long integer, byte kind)
    {
        _text = text;
        _bytes = bytes;
        _integer = integer;
        _kind = kind;
    }

    public static implicit operator RedisArgument(string text) => FromText(text);

    public static implicit operator RedisArgument(byte[] bytes) => FromBytes(bytes);

    public static implicit operator RedisArgument(long integer) => FromInteger(integer);

    public static RedisArgument FromText(string text) => new(text ?? throw new ArgumentNullException(nameof(text)), default, 0, 0);

    public static RedisArgument FromBytes(ReadOnlyMemory<byte> bytes) => new(null, bytes, 0, 1);

    public static RedisArgument FromInteger(long integer) => new(null, default, integer, 2);

    /// <summary>Writes <c>$len CRLF data CRLF</c>.</summary>
    public void WriteTo(IBufferWriter<byte> writer)
    {
        switch (_kind)
        {
            case 0:
                RespWriter.WriteHeader(writer, (byte)'$', Encoding.UTF8.GetByteCount(_text!));
                Encoding.UTF8.GetBytes(_text, writer);
                break;
            case 1:
                RespWriter.WriteHeader(writer, (byte)'$', _bytes.Length);
                writer.Write(_bytes.Span);
                break;
            default:
                Span<byte> digits = stackalloc byte[20];
                Utf8Formatter.TryFormat(_integer, digits, out var written);
                RespWriter.WriteHeader(writer, (byte)'$', written);
                writer.Write(digits[..written]);
                break;
        }

        writer.Write("\r\n"u8);
    }

    /// <summary>For error messages: text as is, bytes by length only (they may be a secret or a large value).</summary>
    public override string ToString() => _kind switch
    {
        0 => _text!,
        1 => $"<{_bytes.Length} bytes>",
        _ => _integer.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
