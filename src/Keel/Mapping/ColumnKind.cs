namespace Keel;

/// <summary>How a property's value travels to and from its column; the same conversion serves reads, writes and predicates.</summary>
internal enum ColumnKind
{
    /// <summary>Npgsql reads and writes the .NET type as it is (numbers, text, uuid, date, timestamptz, numeric, arrays).</summary>
    Plain,

    /// <summary>An enum stored as its member name (text).</summary>
    EnumText,

    /// <summary>An enum stored as its number (integer).</summary>
    EnumInteger,

    /// <summary>An object serialized into a jsonb column.</summary>
    Json,
}
