namespace Keel;

/// <summary>How a member's JSON value is read in SQL: which cast makes it comparable (and indexable).</summary>
internal enum JsonMemberKind
{
    Text,
    Integer,
    BigInt,
    Numeric,
    Boolean,
    Timestamp,
    Date,
    Uuid,
    Document,
}
