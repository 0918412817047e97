using System.Diagnostics.CodeAnalysis;

namespace Keel;

/// <summary>Narrowing a polymorphic query to one subtype.</summary>
public partial class EntityQuery<T, TId>
{
    /// <summary>
    /// The same query (filters, ordering, paging, includes) over one subtype, reading only what that subtype needs:
    /// <c>contents.Query().Where(c =&gt; c.Title.StartsWith("How")).OfType&lt;Video&gt;()</c> reads the videos only, and
    /// <c>OfType&lt;Article&gt;()</c> the articles with the subtypes mapped under Article.
    /// </summary>
    /// <exception cref="InvalidOperationException"><typeparamref name="TSubtype"/> is not a mapped subtype of <typeparamref name="T"/>'s hierarchy.</exception>
    public EntityQuery<TSubtype, TId> OfType<[DynamicallyAccessedMembers(Mapped.Members)] TSubtype>()
        where TSubtype : class, T
    {
        if (typeof(TSubtype) == typeof(T) || Map.Hierarchy is not { } hierarchy || !hierarchy.Subtypes.Any(s => s.Map.EntityType == typeof(TSubtype)))
            throw new InvalidOperationException($"{typeof(TSubtype).Name} is not a mapped subtype of {typeof(T).Name}; OfType narrows a query over a hierarchy's root (or a subtype with subtypes) to one of the types below it.");
        var subtypes = (Repository<TSubtype, TId>)new Repository<TSubtype, TId>(_repository.DataSource).Clone(_repository.Executor, _repository.Tenant);
        // The root's columns are the same objects in the subtype's map, so filters and orderings carry over as they are.
        return new EntityQuery<TSubtype, TId>(subtypes, new EntityQuery<TSubtype, TId>.State(
            _state.Predicates, _state.Order, _state.Skip, _state.Take, _state.IncludeDeleted, _state.After, [.. _state.Includes], _state.OrderBy));
    }
}
