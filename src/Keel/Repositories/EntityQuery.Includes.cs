using System.Linq.Expressions;

namespace Keel;

/// <summary>
/// Includes: relations loaded with the query's entities, one batched statement per include level (or none, for a
/// to-one relation joined into the level above). Navigations are never loaded lazily: what no include loaded stays
/// as the entity's constructor left it (null, or an empty collection). See docs/relations.md.
/// </summary>
public partial class EntityQuery<T, TId>
{
    /// <summary>A copy of <paramref name="query"/>, for the typed query an include returns.</summary>
    private protected EntityQuery(EntityQuery<T, TId> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        _repository = query._repository;
        _state = query._state;
    }

    /// <summary>What this query loads after its rows, in the order added.</summary>
    internal IReadOnlyList<IEntityInclude<T>> Includes => _state.Includes;

    /// <summary>The repository the query reads through (its map, its bound session).</summary>
    internal Repository<T, TId> Repository => _repository;

    /// <summary>
    /// Loads a relation with the entities: <c>Include(o =&gt; o.Items)</c> sends, after the orders,
    /// <c>SELECT t.* FROM order_items t WHERE t."order_id" = ANY($1) ORDER BY t."id"</c> once for all of them, and
    /// <c>ThenInclude(i =&gt; i.Product)</c> one more for all the items' products. A collection can be filtered, ordered and
    /// limited per parent: <c>Include(u =&gt; u.Orders.Where(o =&gt; o.Total &gt; 10).OrderByDescending(o =&gt; o.PlacedOn).Take(5))</c>.
    /// A to-one relation can instead be joined into this query with <see cref="IncludeStrategy.Join"/>.
    /// </summary>
    /// <exception cref="NotSupportedException">The expression is not a navigation (or a shaped collection navigation) of <typeparamref name="T"/>; the message names it.</exception>
    /// <exception cref="InvalidOperationException">No foreign key relates the two entities.</exception>
    public IncludableQuery<T, TId, TProperty> Include<TProperty>(Expression<Func<T, TProperty>> navigation, IncludeStrategy strategy = IncludeStrategy.Split)
    {
        var include = IncludeParser.Parse(navigation, Map, _repository.Store, strategy);
        var query = With(_state with { Includes = [.. _state.Includes, include] });
        return new IncludableQuery<T, TId, TProperty>(query, [_state.Includes.Length]);
    }

    /// <summary>Adds <paramref name="navigation"/> under the include that <paramref name="path"/> leads to.</summary>
    internal IncludableQuery<T, TId, TProperty> ThenInclude<TProperty>(int[] path, LambdaExpression navigation, IncludeStrategy strategy)
    {
        var root = (RelationInclude)_state.Includes[path[0]];
        var parent = root;
        foreach (var index in path.AsSpan(1))
            parent = parent.Children[index];
        var child = IncludeParser.Parse(navigation, parent.Relation.Target, _repository.Store, strategy);
        var includes = (IEntityInclude<T>[])_state.Includes.Clone();
        includes[path[0]] = root.With(path.AsSpan(1), child);
        return new IncludableQuery<T, TId, TProperty>(With(_state with { Includes = includes }), [.. path, parent.Children.Length]);
    }

    /// <summary>
    /// The statement reading the entities and the reader for its rows. With joined includes, the query is wrapped
    /// (<c>SELECT r.*, j1.* FROM (query) r LEFT JOIN users j1 ON j1."id" = r."user_id" ORDER BY r.sort-keys</c>),
    /// so its own filter, order and paging apply to the entities, not to the joined rows.
    /// </summary>
    private (Sql Sql, Func<Npgsql.NpgsqlDataReader, Func<Npgsql.NpgsqlDataReader, T>> Choose) ReadStatement(int? limit)
    {
        var statement = Statement(Sql.Raw(Map.SelectList), limit);
        if (_state.Includes.Length == 0)
            return (statement, Map.Choose);
        // An include over multi-tenant rows needs the tenant; refused before the entities are read, so nothing is sent.
        var tenant = _repository.CurrentTenant;
        if (tenant is null)
        {
            foreach (var include in _state.Includes)
            {
                if (include is RelationInclude relation && relation.TenantOwnerBelow() is { } owner)
                    throw new TenantRequiredException(owner);
            }
        }

        if (!Array.Exists(_state.Includes, i => i is RelationInclude { Strategy: IncludeStrategy.Join }))
            return (statement, Map.Choose);
        var plan = JoinPlan.For(Map, "r", 0, _state.Includes.OfType<RelationInclude>());
        var order = OrderClause().Text.Length == 0
            ? string.Empty
            : " ORDER BY " + string.Join(", ", SortKeys().Select(k => "r." + k.Column.Quoted + (k.Descending ? " DESC" : string.Empty)));
        Sql sql = $"SELECT {Sql.Raw(Map.SelectListOf("r") + plan.SelectList)} FROM ({statement}) r{plan.JoinsFor(tenant)}{Sql.Raw(order)}";
        return (sql, _ => reader => (T)plan.Read(reader));
    }

    private async Task LoadIncludesAsync(SqlExecutor executor, IReadOnlyList<T> entities, CancellationToken cancellationToken)
    {
        if (entities.Count == 0)
            return;
        var tenant = _repository.CurrentTenant;
        foreach (var include in _state.Includes)
            await include.LoadAsync(executor, entities, tenant, cancellationToken).ConfigureAwait(false);
    }
}
