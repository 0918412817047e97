using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;
using System.Text.Json;

namespace Keel;

/// <summary>
/// A query over a document type: typed predicates translated to SQL over jsonb, ordering, paging by offset or by
/// keyset, projections. Immutable: every method returns a new query, so a base query can be shared.
/// See docs/documents.md for exactly what translates.
/// </summary>
public sealed partial class DocumentQuery<[DynamicallyAccessedMembers(Mapped.Document)] T, TId>
    where T : class
    where TId : notnull
{
    private readonly DocumentRepository<T, TId> _repository;
    private readonly Sql[] _predicates;
    private readonly (MemberPath Path, bool Descending)[] _order;
    private readonly int? _skip;
    private readonly int? _take;
    private readonly bool _includeDeleted;
    private readonly string? _after;

    internal DocumentQuery(DocumentRepository<T, TId> repository)
        : this(repository, [], [], null, null, false, null)
    {
    }

    private DocumentQuery(DocumentRepository<T, TId> repository, Sql[] predicates, (MemberPath, bool)[] order, int? skip, int? take, bool includeDeleted, string? after)
    {
        _repository = repository;
        _predicates = predicates;
        _order = order;
        _skip = skip;
        _take = take;
        _includeDeleted = includeDeleted;
        _after = after;
    }

    private DocumentMapping<T> Mapping => _repository.Mapping;

    /// <summary>Adds a filter (ANDed with earlier ones).</summary>
    /// <exception cref="NotSupportedException">Part of the predicate cannot be translated; the message names it.</exception>
    public DocumentQuery<T, TId> Where(Expression<Func<T, bool>> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var sql = ExpressionTranslator.Where(predicate, Mapping.Target);
        return new(_repository, [.. _predicates, sql], _order, _skip, _take, _includeDeleted, _after);
    }

    /// <summary>Orders by a member, ascending (replacing any earlier ordering).</summary>
    public DocumentQuery<T, TId> OrderBy<TKey>(Expression<Func<T, TKey>> key) => Ordered(key, descending: false, then: false);

    /// <summary>Orders by a member, descending (replacing any earlier ordering).</summary>
    public DocumentQuery<T, TId> OrderByDescending<TKey>(Expression<Func<T, TKey>> key) => Ordered(key, descending: true, then: false);

    /// <summary>Adds a secondary ordering, ascending.</summary>
    public DocumentQuery<T, TId> ThenBy<TKey>(Expression<Func<T, TKey>> key) => Ordered(key, descending: false, then: true);

    /// <summary>Adds a secondary ordering, descending.</summary>
    public DocumentQuery<T, TId> ThenByDescending<TKey>(Expression<Func<T, TKey>> key) => Ordered(key, descending: true, then: true);

    /// <summary>Skips the first <paramref name="count"/> results (OFFSET). For deep pages prefer <see cref="ToPageAsync"/>.</summary>
    public DocumentQuery<T, TId> Skip(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return new(_repository, _predicates, _order, count, _take, _includeDeleted, _after);
    }

    /// <summary>Returns at most <paramref name="count"/> results (LIMIT).</summary>
    public DocumentQuery<T, TId> Take(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return new(_repository, _predicates, _order, _skip, count, _includeDeleted, _after);
    }

    /// <summary>Includes soft-deleted documents.</summary>
    public DocumentQuery<T, TId> IncludeDeleted() => new(_repository, _predicates, _order, _skip, _take, true, _after);

    /// <summary>
    /// Continues after the item a cursor points at (keyset pagination: <c>WHERE (key, id) &gt; (...)</c>, no OFFSET).
    /// Use with the same ordering that produced the cursor.
    /// </summary>
    public DocumentQuery<T, TId> After(string? cursor) => new(_repository, _predicates, _order, _skip, _take, _includeDeleted, cursor);

    /// <summary>Runs the query.</summary>
    public Task<IReadOnlyList<T>> ToListAsync(CancellationToken cancellationToken = default)
        => ReadAsync(Sql.Raw("data"), _take, cancellationToken);

    /// <summary>The first result, or null.</summary>
    public async Task<T?> FirstOrDefaultAsync(CancellationToken cancellationToken = default)
    {
        var rows = await ReadAsync(Sql.Raw("data"), 1, cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>How many documents match (ignores ordering and paging).</summary>
    public Task<long> CountAsync(CancellationToken cancellationToken = default)
        => _repository.RunAsync((executor, ct) => executor.ScalarAsync<long>($"SELECT count(*) FROM {_repository.Table} WHERE {Filter(withCursor: false)}", ct), cancellationToken);

    /// <summary>Whether any document matches.</summary>
    public Task<bool> AnyAsync(CancellationToken cancellationToken = default)
        => _repository.RunAsync((executor, ct) => executor.ScalarAsync<bool>($"SELECT EXISTS (SELECT 1 FROM {_repository.Table} WHERE {Filter(withCursor: false)})", ct), cancellationToken);

    /// <summary>
    /// One page of <paramref name="size"/> items in keyset order (the ordering plus the id as tie-breaker) and the
    /// cursor of the next page. Members used for ordering must not be null.
    /// </summary>
    public async Task<Page<T>> ToPageAsync(int size, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        var rows = await ReadAsync(Sql.Raw("data"), size + 1, cancellationToken).ConfigureAwait(false);
        if (rows.Count <= size)
            return new Page<T>(rows, null);
        var items = rows.Take(size).ToList();
        return new Page<T>(items, CursorAfter(items[^1]));
    }

    private DocumentQuery<T, TId> Ordered<TKey>(Expression<Func<T, TKey>> key, bool descending, bool then)
    {
        ArgumentNullException.ThrowIfNull(key);
        var path = ExpressionTranslator.Member(key);
        _ = Mapping.Target.Value(path);
        if (then && _order.Length == 0)
            throw new InvalidOperationException("ThenBy needs an OrderBy first.");
        (MemberPath, bool)[] order = then ? [.. _order, (path, descending)] : [(path, descending)];
        return new(_repository, _predicates, order, _skip, _take, _includeDeleted, _after);
    }

    private async Task<IReadOnlyList<T>> ReadAsync(Sql select, int? limit, CancellationToken cancellationToken)
    {
        var sql = Statement(select, limit);
        return await _repository.RunAsync(async (executor, ct) =>
        {
            var rows = await executor.QueryAsync<byte[]>(sql, ct).ConfigureAwait(false);
            var documents = new List<T>(rows.Count);
            foreach (var row in rows)
                documents.Add(_repository.Deserialize(row));
            return (IReadOnlyList<T>)documents;
        }, cancellationToken).ConfigureAwait(false);
    }

    internal Sql Statement(Sql select, int? limit)
    {
        Sql sql = $"SELECT {select} FROM {_repository.Table} WHERE {Filter(withCursor: true)}{OrderClause()}";
        if (limit is { } l)
            sql = $"{sql} LIMIT {l}";
        if (_skip is { } s && s > 0)
            sql = $"{sql} OFFSET {s}";
        return sql;
    }

    private Sql Filter(bool withCursor)
    {
        var parts = new List<Sql> { $"true{_repository.Filters(_includeDeleted)}" };
        foreach (var predicate in _predicates)
            parts.Add($"({predicate})");
        if (withCursor && _after is not null)
            parts.Add(KeysetPredicate(_after));
        return Sql.Join(" AND ", parts);
    }

    private Sql OrderClause()
    {
        if (_order.Length == 0 && _after is null && _take is null && _skip is null)
            return Sql.Empty;
        var keys = new List<Sql>();
        foreach (var (path, descending) in _order)
            keys.Add(descending ? $"{Mapping.Target.Value(path)} DESC" : Mapping.Target.Value(path));
        // The id breaks ties, so paging is deterministic and a keyset cursor identifies one row.
        keys.Add(Sql.Raw("id"));
        return $" ORDER BY {Sql.Join(", ", keys)}";
    }
}
