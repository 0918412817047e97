using System.Reflection;

namespace Keel;

/// <summary>
/// Rows that belong to tenants: the tenant column, where statements carry it, and the checks that keep an entity's
/// own tenant property from disagreeing with the tenant a write is for.
/// </summary>
internal sealed partial class EntityMap<T>
{
    /// <summary>The tenant column when rows belong to tenants (a subtype shares its root's), else null.</summary>
    public EntityTenant? Tenant { get; }

    /// <summary>
    /// What identifies a row inside its table, quoted: the tenant column (when rows belong to tenants), then the key
    /// columns. Joined tables join on it and the primary key is made of it, so one key in two tenants is two rows.
    /// </summary>
    public IEnumerable<string> RowKeys => Tenant is null ? Keys.Select(k => k.Quoted) : Keys.Select(k => k.Quoted).Prepend(Tenant.Quoted);

    /// <summary>The tenant's slot among a template's parameters (none for an entity without tenants).</summary>
    private Func<T, SqlValue>?[] TenantSlot => Tenant is null ? [] : [null];

    /// <summary>
    /// <c>(tenant_id, email)</c>: the conflict target of an upsert over <paramref name="columns"/> (quoted), led by the
    /// tenant column when rows belong to tenants, as their unique keys are.
    /// </summary>
    public string ConflictColumns(IEnumerable<string> columns)
        => "(" + string.Join(", ", (Tenant is null ? columns : columns.Prepend(Tenant.Quoted)).Distinct(StringComparer.Ordinal)) + ")";

    /// <summary><c>, b."tenant_id"</c>: the tenant column for a derived source's select list, when no property maps it (so the list lacks it).</summary>
    public string ShadowTenantOf(string? alias)
        => Tenant is { IsShadow: true } tenant ? ", " + (alias is null ? tenant.Quoted : alias + "." + tenant.Quoted) : string.Empty;

    /// <summary>
    /// Refuses an entity whose tenant property names another tenant than <paramref name="tenant"/>, the one the write
    /// is for; an empty property is filled by the write.
    /// </summary>
    /// <exception cref="ArgumentException">The entity belongs to another tenant.</exception>
    public void CheckTenant(T entity, string? tenant)
    {
        if (Tenant?.Property is not { } property || PropertyValue(property, entity) is not string own || own.Length == 0 || own == tenant)
            return;
        throw new ArgumentException($"This {typeof(T).Name} belongs to tenant '{own}' ({property.Property.Name}), but the repository acts for '{tenant}'; write it through ForTenant(\"{own}\"), or clear {property.Property.Name}.", nameof(entity));
    }

    private static EntityTenant? TenantOf(EntityOptions<T> options, IReadOnlyList<EntityColumn> columns)
    {
        if (options.Parent is { } parent)
        {
            return options.TenantColumn is null
                ? parent.Base.Tenant
                : throw new InvalidOperationException($"{typeof(T).Name} is a subtype of {parent.Base.EntityType.Name}; a hierarchy is multi-tenant as a whole, so call MultiTenant() on the root.");
        }

        return options.TenantColumn is { } name ? new EntityTenant(name, columns.FirstOrDefault(c => c.Role == ColumnRole.Tenant)) : null;
    }

    /// <summary>A property mapped to the tenant column: a string Keel fills from the row and never writes from the entity.</summary>
    private static EntityColumnSpec TenantSpec(PropertyInfo property, EntityColumnSpec spec)
    {
        if (property.PropertyType != typeof(string))
            throw new InvalidOperationException($"{typeof(T).Name}.{property.Name} maps the tenant column \"{spec.Name}\", so it must be a string; tenant ids are text.");
        if (spec.IsKey)
            throw new InvalidOperationException($"{typeof(T).Name}.{property.Name} maps the tenant column \"{spec.Name}\", which Keel puts first in the primary key itself; leave it out of the key (HasKey / [Key]) and key the entity by its own id.");
        return spec with { Role = ColumnRole.Tenant, IsNullable = false, DefaultSql = null };
    }
}
