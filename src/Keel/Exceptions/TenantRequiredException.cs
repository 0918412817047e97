namespace Keel;

/// <summary>A multi-tenant document was read or written without a tenant (open the session with one, or use <c>ForTenant</c>).</summary>
public sealed class TenantRequiredException : KeelException
{
    /// <summary>Creates the exception.</summary>
    public TenantRequiredException(Type documentType)
        : base($"{documentType?.Name} documents are multi-tenant: open the session with a tenant (keel.OpenSessionAsync(tenantId)) or call ForTenant(tenantId) on the repository.")
    {
    }
}
