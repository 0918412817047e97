namespace Keel;

/// <summary>How a class hierarchy is laid out in tables (see docs/inheritance.md for the SQL each sends).</summary>
public enum InheritanceStrategy
{
    /// <summary>One table for the whole hierarchy, a discriminator column saying which subtype each row is; subtype columns are nullable.</summary>
    SingleTable,

    /// <summary>A base table with the shared columns and the discriminator, plus one table per subtype sharing the key (FK to the base, ON DELETE CASCADE).</summary>
    JoinedTables,

    /// <summary>One complete table per concrete subtype; polymorphic reads combine them with UNION ALL. Keys must be unique across the tables.</summary>
    TablePerConcreteType,
}
