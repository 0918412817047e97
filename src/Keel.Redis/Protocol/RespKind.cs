namespace Keel.Redis;

/// <summary>The RESP2 reply types.</summary>
internal enum RespKind : byte
{
    /// <summary><c>+OK</c></summary>
    SimpleString,

    /// <summary><c>-ERR message</c></summary>
    Error,

    /// <summary><c>:42</c></summary>
    Integer,

    /// <summary><c>$3 abc</c>, binary safe.</summary>
    BulkString,

    /// <summary><c>*2 ...</c></summary>
    Array,

    /// <summary>The null bulk string <c>$-1</c> or the null array <c>*-1</c>.</summary>
    Null,
}
