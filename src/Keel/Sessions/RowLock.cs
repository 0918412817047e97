namespace Keel;

/// <summary>A row-level lock clause appended to a SELECT (see <see cref="CommandOptions.Lock"/>).</summary>
public enum RowLock
{
    /// <summary>No locking clause.</summary>
    None,

    /// <summary><c>FOR UPDATE</c>: blocks other updates, deletes and locks of these rows.</summary>
    ForUpdate,

    /// <summary><c>FOR NO KEY UPDATE</c>: as FOR UPDATE, but lets others insert rows referencing these keys.</summary>
    ForNoKeyUpdate,

    /// <summary><c>FOR SHARE</c>: blocks updates and deletes, allows other share locks.</summary>
    ForShare,

    /// <summary><c>FOR KEY SHARE</c>: blocks deletes and key updates only.</summary>
    ForKeyShare,
}
