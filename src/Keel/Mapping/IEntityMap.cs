namespace Keel;

/// <summary>The type-independent view of an entity map: what the store, the schema builder and relation loading read.</summary>
internal interface IEntityMap
{
    Type EntityType { get; }

    string Schema { get; }

    string Table { get; }

    /// <summary>The quoted, schema-qualified table.</summary>
    Sql QualifiedTable { get; }

    /// <summary>Every mapped column, in the order the select list reads them.</summary>
    IReadOnlyList<EntityColumn> Columns { get; }

    /// <summary>The primary key columns, in key order.</summary>
    IReadOnlyList<EntityColumn> Keys { get; }

    /// <summary>The soft-delete column, when the entity has one.</summary>
    EntityColumn? SoftDelete { get; }

    IReadOnlyList<EntityNavigation> Navigations { get; }

    /// <summary>The tenant column, when rows belong to tenants.</summary>
    EntityTenant? Tenant { get; }

    /// <summary><c>, "updated_at" = now(), "version" = "version" + 1</c>: what every change to a row also sets.</summary>
    string Touch { get; }

    IReadOnlyList<EntityIndex> Indexes { get; }

    IReadOnlyList<EntityCheck> Checks { get; }

    IReadOnlyList<EntityForeignKey> ForeignKeys { get; }

    /// <summary>The column a property maps to, or null when it is not a column.</summary>
    EntityColumn? ColumnFor(string propertyName);
}
