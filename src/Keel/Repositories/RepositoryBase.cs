namespace Keel;

/// <summary>
/// What every repository (relational or document) shares: the data source, the session or transaction it is bound
/// to, the tenant it acts for, and running work on one of them. <see cref="RepositoryExtensions.In{TRepository}"/>
/// returns a bound copy of the caller's own repository type.
/// </summary>
public abstract class RepositoryBase
{
    private protected RepositoryBase(KeelDataSource keel)
    {
        ArgumentNullException.ThrowIfNull(keel);
        Keel = keel;
    }

    /// <summary>The data source.</summary>
    protected KeelDataSource Keel { get; }

    /// <summary>The session or transaction the repository runs on; null when each call leases its own session.</summary>
    public SqlExecutor? Executor { get; private set; }

    /// <summary>The tenant the repository acts for: set by <c>ForTenant</c>, else the bound session's.</summary>
    public string? Tenant { get; private set; }

    /// <summary>The tenant calls act for: <see cref="Tenant"/>, else the bound session's; null when neither names one.</summary>
    internal string? CurrentTenant => Tenant ?? Executor?.Owner.TenantId;

    /// <summary>Runs <paramref name="work"/> on the bound executor, or on a session leased for this call.</summary>
    protected internal async Task<TResult> RunAsync<TResult>(Func<SqlExecutor, CancellationToken, Task<TResult>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (Executor is not null)
            return await work(Executor, cancellationToken).ConfigureAwait(false);
        var session = await Keel.OpenSessionAsync(Tenant, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
            return await work(session, cancellationToken).ConfigureAwait(false);
    }

    internal RepositoryBase Clone(SqlExecutor? executor, string? tenant)
    {
        var copy = (RepositoryBase)MemberwiseClone();
        copy.Executor = executor;
        copy.Tenant = tenant;
        return copy;
    }
}
