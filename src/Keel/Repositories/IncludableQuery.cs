using System.Diagnostics.CodeAnalysis;

namespace Keel;

/// <summary>
/// A query whose last include loaded <typeparamref name="TProperty"/>, so <c>ThenInclude</c> can go one level deeper:
/// <c>Query().Include(o =&gt; o.Items).ThenInclude(i =&gt; i.Product)</c>. It is an ordinary query otherwise.
/// </summary>
public sealed class IncludableQuery<[DynamicallyAccessedMembers(Mapped.Members)] T, TId, TProperty> : EntityQuery<T, TId>, IIncludableQuery<T, TId, TProperty>
    where T : class
    where TId : notnull
{
    private readonly int[] _path;

    internal IncludableQuery(EntityQuery<T, TId> query, int[] path)
        : base(query) => _path = path;

    EntityQuery<T, TId> IIncludableQuery<T, TId, TProperty>.Query => this;

    int[] IIncludableQuery<T, TId, TProperty>.Path => _path;
}
