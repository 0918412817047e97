namespace Keel;

/// <summary>Rows that belong to tenants.</summary>
public sealed partial class EntityOptions<T>
{
    /// <summary>The default name of the tenant column.</summary>
    public const string DefaultTenantColumn = "tenant_id";

    /// <summary>The tenant column, when <see cref="MultiTenant"/> was called.</summary>
    internal string? TenantColumn { get; private set; }

    /// <summary>
    /// Every row belongs to a tenant, kept in <paramref name="column"/> (<c>text NOT NULL</c>, first in the primary key):
    /// every read and write is confined to the tenant of the session or of <c>ForTenant</c>, and inserts stamp it. The
    /// column need not be a property; a <see langword="string"/> property mapped to it (<c>TenantId</c> by convention)
    /// is filled from the row and never written from the entity. On a hierarchy, call it on the root.
    /// </summary>
    public EntityOptions<T> MultiTenant(string column = DefaultTenantColumn)
    {
        SqlIdentifiers.Validate(column);
        TenantColumn = column;
        return this;
    }
}
