namespace Keel;

/// <summary>What a statement does to a table's rows while it holds its lock.</summary>
public enum TableWork
{
    /// <summary>Catalog change only: as fast as the lock can be taken.</summary>
    None,

    /// <summary>Reads every row (to validate a constraint or build an index) while holding the lock.</summary>
    Scan,

    /// <summary>Writes a new copy of the table (or index) while holding the lock; the relfilenode changes.</summary>
    Rewrite,

    /// <summary>Updates or deletes every row in one transaction: row locks on all of them, and bloat.</summary>
    WriteEveryRow,
}
