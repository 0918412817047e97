using System.Buffers;
using System.Buffers.Text;

namespace Keel.Redis;

/// <summary>Encodes commands as RESP2 arrays of bulk strings, the form Redis expects from clients.</summary>
internal static class RespWriter
{
    public static void WriteCommand(IBufferWriter<byte> writer, ReadOnlySpan<RedisArgument> arguments)
    {
        WriteHeader(writer, (byte)'*', arguments.Length);
        foreach (var argument in arguments)
            argument.WriteTo(writer);
    }

    /// <summary>Writes <c>{prefix}{count}\r\n</c>.</summary>
    public static void WriteHeader(IBufferWriter<byte> writer, byte prefix, long count)
    {
        var span = writer.GetSpan(24);
        span[0] = prefix;
        Utf8Formatter.TryFormat(count, span[1..], out var written);
        span[1 + written] = (byte)'\r';
        span[2 + written] = (byte)'\n';
        writer.Advance(written + 3);
    }
}
