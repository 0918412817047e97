namespace Keel;

/// <summary>The part of every document repository that binding needs, so <see cref="DocumentRepositoryExtensions.In{TRepository}"/> can return the caller's own repository type.</summary>
public abstract class DocumentRepositoryBase
{
    private protected DocumentRepositoryBase()
    {
    }

    /// <summary>The session or transaction the repository runs on; null when each call leases its own session.</summary>
    public SqlExecutor? Executor { get; private protected set; }

    /// <summary>The tenant the repository acts for: set by <c>ForTenant</c>, else the bound session's.</summary>
    public string? Tenant { get; private protected set; }

    internal DocumentRepositoryBase Clone(SqlExecutor? executor, string? tenant)
    {
        var copy = (DocumentRepositoryBase)MemberwiseClone();
        copy.Executor = executor;
        copy.Tenant = tenant;
        return copy;
    }
}
