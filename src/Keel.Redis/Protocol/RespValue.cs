using System.Text;

namespace Keel.Redis;

/// <summary>One parsed RESP2 reply. A struct so integer and simple replies cost no allocation beyond their payload.</summary>
internal readonly struct RespValue
{
    private readonly object? _payload;

    private RespValue(RespKind kind, long integer, object? payload)
    {
        Kind = kind;
        Integer = integer;
        _payload = payload;
    }

    public static RespValue Null { get; } = new(RespKind.Null, 0, null);

    public RespKind Kind { get; }

    /// <summary>The value of an <see cref="RespKind.Integer"/> reply.</summary>
    public long Integer { get; }

    /// <summary>The bytes of a bulk string; null for anything else.</summary>
    public byte[]? Bytes => _payload as byte[];

    /// <summary>The elements of an array reply; null for anything else.</summary>
    public RespValue[]? Elements => _payload as RespValue[];

    public bool IsNull => Kind == RespKind.Null;

    public static RespValue SimpleString(string text) => new(RespKind.SimpleString, 0, text);

    public static RespValue Error(string text) => new(RespKind.Error, 0, text);

    public static RespValue FromInteger(long value) => new(RespKind.Integer, value, null);

    public static RespValue BulkString(byte[] bytes) => new(RespKind.BulkString, 0, bytes);

    public static RespValue Array(RespValue[] elements) => new(RespKind.Array, 0, elements);

    /// <summary>The text of a simple string, error or (UTF-8) bulk string; the number of an integer; null otherwise.</summary>
    public string? AsString() => Kind switch
    {
        RespKind.SimpleString or RespKind.Error => (string)_payload!,
        RespKind.BulkString => Encoding.UTF8.GetString((byte[])_payload!),
        RespKind.Integer => Integer.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => null,
    };

    public override string ToString() => Kind switch
    {
        RespKind.Null => "(nil)",
        RespKind.Array => $"[{string.Join(", ", Elements!)}]",
        _ => $"{Kind}: {AsString()}",
    };
}
