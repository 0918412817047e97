namespace Keel;

/// <summary>What Keel maintains in a column besides the entity's own data.</summary>
internal enum ColumnRole
{
    /// <summary>The entity's data, written as given.</summary>
    Data,

    /// <summary>The row version: 1 on insert, + 1 on every update, checked on updates of loaded entities.</summary>
    Version,

    /// <summary>Set to <c>now()</c> on insert, never changed after.</summary>
    CreatedAt,

    /// <summary>Set to <c>now()</c> on insert and on every update.</summary>
    UpdatedAt,

    /// <summary>Null while the row is live; set to <c>now()</c> by a (soft) delete.</summary>
    SoftDelete,

    /// <summary>The tenant the row belongs to: written by Keel from the session's tenant, never from the entity.</summary>
    Tenant,
}
