namespace Keel;

/// <summary>What PostgreSQL does to referencing rows when the referenced row is deleted (<c>ON DELETE ...</c>).</summary>
public enum ReferentialAction
{
    /// <summary>Refuse the delete while rows reference it (checked at the end of the statement). The default.</summary>
    NoAction,

    /// <summary>Refuse the delete while rows reference it (checked at once).</summary>
    Restrict,

    /// <summary>Delete the referencing rows too.</summary>
    Cascade,

    /// <summary>Set the referencing column to NULL.</summary>
    SetNull,

    /// <summary>Set the referencing column to its default.</summary>
    SetDefault,
}
