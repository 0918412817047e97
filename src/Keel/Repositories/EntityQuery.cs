using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;
using Npgsql;

namespace Keel;

/// <summary>
/// A query over an entity's table: typed predicates translated to SQL over columns, ordering, paging by offset or by
/// keyset, projections of chosen columns, set-based updates and deletes. Immutable: every method returns a new query,
/// so a base query can be shared. See docs/repositories.md for exactly what translates.
/// </summary>
public partial class EntityQuery<[DynamicallyAccessedMembers(Mapped.Members)] T, TId>
    where T : class
    where TId : notnull
{
    private readonly Repository<T, TId> _repository;
    private readonly State _state;

    internal EntityQuery(Repository<T, TId> repository)
        : this(repository, new State([], [], null, null, false, null, [], SortText(repository.Map, [])))
    {
    }

    private EntityQuery(Repository<T, TId> repository, State state)
    {
        _repository = repository;
        _state = state;
    }

    private EntityMap<T> Map => _repository.Map;

    /// <summary>Adds a filter (ANDed with earlier ones).</summary>
    /// <exception cref="NotSupportedException">Part of the predicate cannot be translated; the message names it.</exception>
    public EntityQuery<T, TId> Where(Expression<Func<T, bool>> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var sql = ExpressionTranslator.Where(predicate, Map.Target);
        return With(_state with { Predicates = [.. _state.Predicates, sql] });
    }

    /// <summary>Orders by a column, ascending (replacing any earlier ordering).</summary>
    public EntityQuery<T, TId> OrderBy<TKey>(Expression<Func<T, TKey>> key) => Ordered(key, descending: false, then: false);

    /// <summary>Orders by a column, descending (replacing any earlier ordering).</summary>
    public EntityQuery<T, TId> OrderByDescending<TKey>(Expression<Func<T, TKey>> key) => Ordered(key, descending: true, then: false);

    /// <summary>Adds a secondary ordering, ascending.</summary>
    public EntityQuery<T, TId> ThenBy<TKey>(Expression<Func<T, TKey>> key) => Ordered(key, descending: false, then: true);

    /// <summary>Adds a secondary ordering, descending.</summary>
    public EntityQuery<T, TId> ThenByDescending<TKey>(Expression<Func<T, TKey>> key) => Ordered(key, descending: true, then: true);

    /// <summary>Skips the first <paramref name="count"/> results (OFFSET). For deep pages prefer <see cref="ToPageAsync(int, CancellationToken)"/>.</summary>
    public EntityQuery<T, TId> Skip(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return With(_state with { Skip = count });
    }

    /// <summary>Returns at most <paramref name="count"/> results (LIMIT).</summary>
    public EntityQuery<T, TId> Take(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return With(_state with { Take = count });
    }

    /// <summary>Includes soft-deleted entities.</summary>
    public EntityQuery<T, TId> IncludeDeleted() => With(_state with { IncludeDeleted = true });

    /// <summary>
    /// Continues after the item a cursor points at (keyset pagination: <c>WHERE (k, id) &gt; (...)</c>, no OFFSET).
    /// Use with the same ordering that produced the cursor.
    /// </summary>
    public EntityQuery<T, TId> After(string? cursor) => With(_state with { After = cursor });

    /// <summary>Runs the query.</summary>
    public Task<IReadOnlyList<T>> ToListAsync(CancellationToken cancellationToken = default) => ReadAsync(_state.Take, cancellationToken);

    /// <summary>The first result, or null.</summary>
    public async Task<T?> FirstOrDefaultAsync(CancellationToken cancellationToken = default)
    {
        var rows = await ReadAsync(1, cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>How many entities match (ignores ordering and paging). <c>SELECT count(*) FROM t WHERE ...</c>.</summary>
    public Task<long> CountAsync(CancellationToken cancellationToken = default)
        => _repository.RunAsync((executor, ct) => executor.ScalarAsync<long>($"SELECT count(*) FROM {Map.Source}{Where(withCursor: false)}", ct), cancellationToken);

    /// <summary>Whether any entity matches. <c>SELECT EXISTS (SELECT 1 FROM t WHERE ...)</c>.</summary>
    public Task<bool> AnyAsync(CancellationToken cancellationToken = default)
        => _repository.RunAsync((executor, ct) => executor.ScalarAsync<bool>($"SELECT EXISTS (SELECT 1 FROM {Map.Source}{Where(withCursor: false)})", ct), cancellationToken);

    private EntityQuery<T, TId> With(State state) => new(_repository, state);

    private EntityQuery<T, TId> Ordered<TKey>(Expression<Func<T, TKey>> key, bool descending, bool then)
    {
        ArgumentNullException.ThrowIfNull(key);
        var column = Map.Target.Column(ExpressionTranslator.Member(key));
        if (then && _state.Order.Length == 0)
            throw new InvalidOperationException("ThenBy needs an OrderBy first.");
        (EntityColumn, bool)[] order = then ? [.. _state.Order, (column, descending)] : [(column, descending)];
        return With(_state with { Order = order, OrderBy = SortText(Map, order) });
    }

    private Task<IReadOnlyList<T>> ReadAsync(int? limit, CancellationToken cancellationToken)
    {
        var (sql, choose) = ReadStatement(limit);
        // A bound repository (the usual shape in a unit of work) reads without a closure or an extra state machine.
        return _repository.Executor is { } bound
            ? ReadOnAsync(bound, sql, choose, cancellationToken)
            : _repository.RunAsync((executor, ct) => ReadOnAsync(executor, sql, choose, ct), cancellationToken);
    }

    private async Task<IReadOnlyList<T>> ReadOnAsync(SqlExecutor executor, Sql sql, Func<NpgsqlDataReader, Func<NpgsqlDataReader, T>> choose, CancellationToken cancellationToken)
    {
        var rows = await executor.QueryRowsAsync(sql, default, choose, cancellationToken).ConfigureAwait(false);
        if (_state.Includes.Length > 0)
            await LoadIncludesAsync(executor, rows, cancellationToken).ConfigureAwait(false);
        return rows;
    }

    internal Sql Statement(Sql select, int? limit)
    {
        var from = Map.Source;
        var where = Where(withCursor: true);
        var order = OrderClause();
        var skip = _state.Skip is { } s && s > 0 ? s : 0;
        return (limit, skip) switch
        {
            (null, 0) => $"SELECT {select} FROM {from}{where}{order}",
            (null, _) => $"SELECT {select} FROM {from}{where}{order} OFFSET {skip}",
            ({ } l, 0) => $"SELECT {select} FROM {from}{where}{order} LIMIT {l}",
            ({ } l, _) => $"SELECT {select} FROM {from}{where}{order} LIMIT {l} OFFSET {skip}",
        };
    }

    /// <summary><c> WHERE ...</c> with the tenant and soft-delete filters, the predicates and (for reads) the keyset cursor; empty when nothing filters.</summary>
    private Sql Where(bool withCursor) => Conditions(withCursor) is { } conditions ? $" WHERE {conditions}" : Sql.Empty;

    /// <summary>The conditions ANDed together, or null when nothing filters.</summary>
    private Sql? Conditions(bool withCursor)
    {
        if (_state.Predicates.Length == 0 && Map.TypeCondition.Length == 0 && Map.Tenant is null && (_state.IncludeDeleted || Map.SoftDelete is null) && (!withCursor || _state.After is null))
            return null;
        var parts = new List<Sql>();
        if (Map.Tenant is { } tenant)
            parts.Add($"{Sql.Raw(tenant.Quoted)} = {_repository.TenantFor()}");
        if (Map.TypeCondition.Length > 0)
            parts.Add(Sql.Raw(Map.TypeCondition));
        if (!_state.IncludeDeleted && Map.SoftDelete is { } deletedAt)
            parts.Add(Sql.Raw(deletedAt.Quoted + " IS NULL"));
        foreach (var predicate in _state.Predicates)
            parts.Add(_state.Predicates.Length == 1 && parts.Count == 0 ? predicate : $"({predicate})");
        if (withCursor && _state.After is not null)
            parts.Add(KeysetPredicate(_state.After));
        return parts.Count == 0 ? null : Sql.Join(" AND ", parts);
    }

    private Sql OrderClause()
    {
        if (_state.Order.Length == 0 && _state.After is null && _state.Take is null && _state.Skip is null)
            return Sql.Empty;
        return _state.OrderBy;
    }

    /// <summary><c> ORDER BY ...</c> for an ordering plus the key columns it lacks, written once per ordering.</summary>
    private static Sql SortText(EntityMap<T> map, (EntityColumn Column, bool Descending)[] order)
        => Sql.Raw(" ORDER BY " + string.Join(", ", SortKeys(map, order).Select(k => k.Descending ? k.Column.Quoted + " DESC" : k.Column.Quoted)));

    /// <summary>Everything a query is made of; queries copy it with one change.</summary>
    private sealed record State(
        Sql[] Predicates,
        (EntityColumn Column, bool Descending)[] Order,
        int? Skip,
        int? Take,
        bool IncludeDeleted,
        string? After,
        IEntityInclude<T>[] Includes,
        Sql OrderBy);
}
