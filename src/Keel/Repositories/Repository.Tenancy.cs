namespace Keel;

/// <summary>
/// Confining a multi-tenant entity's statements to one tenant: the tenant of <c>ForTenant</c>, else of the bound
/// session (<c>keel.OpenSessionAsync(tenantId)</c>). Without one, nothing is sent: <see cref="TenantRequiredException"/>.
/// </summary>
public partial class Repository<T, TId>
{
    /// <summary>The tenant a statement over <typeparamref name="T"/> is for; null when its rows do not belong to tenants.</summary>
    /// <exception cref="TenantRequiredException">The rows belong to tenants and no tenant was given.</exception>
    internal string? TenantFor() => Map.Tenant is null ? null : CurrentTenant ?? throw new TenantRequiredException(typeof(T));

    /// <summary><c> AND "tenant_id" = $n</c> for a multi-tenant entity, else empty.</summary>
    /// <exception cref="TenantRequiredException">The rows belong to tenants and no tenant was given.</exception>
    internal Sql TenantFilter() => Map.Tenant is { } tenant ? $" AND {Sql.Raw(tenant.Quoted)} = {TenantFor()}" : Sql.Empty;
}
