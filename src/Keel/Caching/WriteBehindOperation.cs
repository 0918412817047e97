namespace Keel;

/// <summary>What a queued write does to its target key.</summary>
public enum WriteBehindOperation
{
    /// <summary>Insert or replace the key's value.</summary>
    Upsert,

    /// <summary>Delete the key.</summary>
    Delete,
}
