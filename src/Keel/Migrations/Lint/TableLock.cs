namespace Keel;

/// <summary>The PostgreSQL table-level lock mode a statement takes, weakest to strongest.</summary>
public enum TableLock
{
    /// <summary>No table lock worth mentioning (or the rule is about a type, not a lock).</summary>
    None,

    /// <summary>ACCESS SHARE: plain SELECT.</summary>
    AccessShare,

    /// <summary>ROW SHARE: SELECT ... FOR UPDATE/SHARE.</summary>
    RowShare,

    /// <summary>ROW EXCLUSIVE: INSERT, UPDATE, DELETE.</summary>
    RowExclusive,

    /// <summary>SHARE UPDATE EXCLUSIVE: VACUUM, CREATE INDEX CONCURRENTLY, VALIDATE CONSTRAINT; reads and writes go on.</summary>
    ShareUpdateExclusive,

    /// <summary>SHARE: CREATE INDEX; blocks every write until it ends.</summary>
    Share,

    /// <summary>SHARE ROW EXCLUSIVE: ADD FOREIGN KEY; blocks writes.</summary>
    ShareRowExclusive,

    /// <summary>EXCLUSIVE: REFRESH MATERIALIZED VIEW CONCURRENTLY; only reads go on.</summary>
    Exclusive,

    /// <summary>ACCESS EXCLUSIVE: most ALTER TABLE forms, DROP, TRUNCATE; blocks even reads.</summary>
    AccessExclusive,
}
