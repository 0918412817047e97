namespace Keel;

/// <summary>
/// The hook relation loading plugs into: a query carries an immutable list of includes, and every read that
/// materializes entities hands them to each include, on the same session, before returning.
/// </summary>
public sealed partial class EntityQuery<T, TId>
{
    /// <summary>What this query loads after its rows, in the order added.</summary>
    internal IReadOnlyList<IEntityInclude<T>> Includes => _state.Includes;

    /// <summary>A copy of the query that also runs <paramref name="include"/> after reading its entities.</summary>
    internal EntityQuery<T, TId> WithInclude(IEntityInclude<T> include)
    {
        ArgumentNullException.ThrowIfNull(include);
        return With(_state with { Includes = [.. _state.Includes, include] });
    }

    /// <summary>The repository the query reads through (its map, its bound session).</summary>
    internal Repository<T, TId> Repository => _repository;

    private async Task LoadIncludesAsync(SqlExecutor executor, IReadOnlyList<T> entities, CancellationToken cancellationToken)
    {
        if (entities.Count == 0)
            return;
        foreach (var include in _state.Includes)
            await include.LoadAsync(executor, entities, cancellationToken).ConfigureAwait(false);
    }
}
