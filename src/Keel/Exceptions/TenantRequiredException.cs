namespace Keel;

/// <summary>
/// A multi-tenant document or entity was read or written without a tenant (open the session with one, or use
/// <c>ForTenant</c>); nothing was sent.
/// </summary>
public sealed class TenantRequiredException : KeelException
{
    /// <summary>Creates the exception for the multi-tenant type that needed a tenant.</summary>
    public TenantRequiredException(Type documentType)
        : base($"{documentType?.Name} is multi-tenant (every read and write is confined to one tenant), and no tenant was given: open the session with a tenant (keel.OpenSessionAsync(tenantId)) or call ForTenant(tenantId) on the repository.")
    {
    }
}
