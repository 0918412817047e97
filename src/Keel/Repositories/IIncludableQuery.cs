using System.Diagnostics.CodeAnalysis;

namespace Keel;

/// <summary>
/// The include a <c>ThenInclude</c> continues from, covariant in what it loaded so that a <c>List&lt;OrderItem&gt;</c>
/// navigation continues as <c>IEnumerable&lt;OrderItem&gt;</c>. Implemented by <see cref="IncludableQuery{T, TId, TProperty}"/> only.
/// </summary>
public interface IIncludableQuery<[DynamicallyAccessedMembers(Mapped.Members)] T, TId, out TProperty>
    where T : class
    where TId : notnull
{
    /// <summary>The query the include belongs to.</summary>
    internal EntityQuery<T, TId> Query { get; }

    /// <summary>The include's position: its index among the query's includes, then among each level's children.</summary>
    internal int[] Path { get; }
}
