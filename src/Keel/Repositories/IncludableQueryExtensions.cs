using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;

namespace Keel;

/// <summary><c>ThenInclude</c>: a relation of what the previous include loaded, one batched statement per level.</summary>
public static class IncludableQueryExtensions
{
    /// <summary>
    /// Loads a relation of every entity in the collection the previous include loaded:
    /// <c>Include(o =&gt; o.Items).ThenInclude(i =&gt; i.Product)</c>. Shaping and strategies work as in <c>Include</c>.
    /// </summary>
    /// <exception cref="NotSupportedException">The expression is not a navigation of <typeparamref name="TPrevious"/>; the message names it.</exception>
    public static IncludableQuery<T, TId, TProperty> ThenInclude<[DynamicallyAccessedMembers(Mapped.Members)] T, TId, TPrevious, TProperty>(
        this IIncludableQuery<T, TId, IEnumerable<TPrevious>> source, Expression<Func<TPrevious, TProperty>> navigation, IncludeStrategy strategy = IncludeStrategy.Split)
        where T : class
        where TId : notnull
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.Query.ThenInclude<TProperty>(source.Path, navigation, strategy);
    }

    /// <summary>
    /// Loads a relation of the entity the previous include loaded: <c>Include(o =&gt; o.User).ThenInclude(u =&gt; u.Addresses)</c>.
    /// </summary>
    /// <exception cref="NotSupportedException">The expression is not a navigation of <typeparamref name="TPrevious"/>; the message names it.</exception>
    public static IncludableQuery<T, TId, TProperty> ThenInclude<[DynamicallyAccessedMembers(Mapped.Members)] T, TId, TPrevious, TProperty>(
        this IIncludableQuery<T, TId, TPrevious> source, Expression<Func<TPrevious, TProperty>> navigation, IncludeStrategy strategy = IncludeStrategy.Split)
        where T : class
        where TId : notnull
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.Query.ThenInclude<TProperty>(source.Path, navigation, strategy);
    }
}
