using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Keel;

/// <summary>
/// A repository over one entity type mapped to a table (<c>keel.Entities</c>). Use it alone (each call leases a
/// pooled session) or bound with <c>.In(tx)</c> so several repositories share one transaction. Subclass it to add
/// domain queries; the bound copy keeps the subclass type. <typeparamref name="TId"/> is the key's type, or a value
/// tuple of the key's types in key order for a composite key.
/// </summary>
public partial class Repository<[DynamicallyAccessedMembers(Mapped.Members)] T, TId> : RepositoryBase
    where T : class
    where TId : notnull
{
    private readonly Sql _selectWhere;
    private readonly Sql _findPrefix;
    private readonly Sql _liveFilter;
    private readonly EntityColumn? _singleKey;
    private readonly Func<T, TId> _keyOf;

    /// <summary>A repository over <typeparamref name="T"/> as mapped on <paramref name="keel"/> (or by convention).</summary>
    /// <exception cref="ArgumentException"><typeparamref name="TId"/> does not match the entity's key.</exception>
    public Repository(KeelDataSource keel)
        : base(keel)
    {
        Map = keel.Entities.Map<T>();
        _singleKey = Map.Keys.Count == 1 ? Map.Keys[0] : null;
        _keyOf = CompileKeyOf(Map);
        _liveFilter = Sql.Raw(Map.LiveFilter);
        _selectWhere = Sql.Raw($"SELECT {Map.SelectList} FROM {Map.Source.Text} WHERE ");
        _findPrefix = _singleKey is { Kind: ColumnKind.Plain } ? Sql.Raw($"{_selectWhere.Text}{_singleKey.Quoted} = ") : _selectWhere;
    }

    internal EntityMap<T> Map { get; }

    /// <summary>
    /// The quoted, schema-qualified table, for raw SQL in subclasses. For a hierarchy whose rows span tables (joined
    /// tables, or a table-per-concrete-type root) it is the join or UNION ALL that reads them, aliased: read from it, do not write to it.
    /// </summary>
    protected Sql Table => Map.Source;

    /// <summary>Every mapped column in the order the entity reader expects: <c>SELECT {Columns} FROM {Table} ...</c>.</summary>
    protected Sql Columns => Sql.Raw(Map.SelectList);

    /// <summary>A query over the (live) entities: <c>Query().Where(u =&gt; u.IsActive).OrderByDescending(u =&gt; u.CreatedAt).ToListAsync()</c>.</summary>
    public EntityQuery<T, TId> Query() => new(this);

    /// <summary>
    /// The escape hatch: entities from SQL that selects <see cref="Columns"/> (in that order), e.g.
    /// <c>QueryAsync($"SELECT {Columns} FROM {Table} WHERE lower(email) = {email}")</c>. Soft-delete and tenant filtering
    /// are the caller's job here: for a multi-tenant entity add <c>AND tenant_id = {Tenant}</c>.
    /// </summary>
    protected Task<IReadOnlyList<T>> QueryAsync(Sql sql, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sql);
        return RunAsync((executor, ct) => executor.QueryRowsAsync(sql, default, Map.Choose, ct), cancellationToken);
    }

    /// <summary><c>"id" = $1</c>, or <c>"a" = $1 AND "b" = $2</c> for a composite key.</summary>
    internal Sql KeyPredicate(TId id)
    {
        if (_singleKey is { Kind: ColumnKind.Plain })
            return $"{Sql.Raw(_singleKey.Quoted)} = {id}";
        var values = KeyValues(id);
        var parts = new List<Sql>(values.Length);
        for (var i = 0; i < values.Length; i++)
            parts.Add($"{Sql.Raw(Map.Keys[i].Quoted)} = {Sql.Parameter(Map.Keys[i].ToStore(values[i]))}");
        return Sql.Join(" AND ", parts);
    }

    /// <summary><c> AND "deleted_at" IS NULL</c> unless deleted rows are wanted (and the entity soft-deletes).</summary>
    internal Sql LiveFilter(bool includeDeleted) => includeDeleted ? Sql.Raw(Map.TypeFilter) : _liveFilter;

    /// <summary>The key of an entity, as <typeparamref name="TId"/>.</summary>
    internal TId KeyOf(T entity) => _keyOf(entity);

    private object?[] KeyValues(TId id)
    {
        if (Map.Keys.Count == 1)
            return [id];
        if (id is not ITuple tuple || tuple.Length != Map.Keys.Count)
            throw new ArgumentException($"{typeof(T).Name} has a composite key of {Map.Keys.Count} columns; pass a tuple of that many values.", nameof(id));
        var values = new object?[tuple.Length];
        for (var i = 0; i < values.Length; i++)
            values[i] = tuple[i];
        return values;
    }

    private static Func<T, TId> CompileKeyOf(EntityMap<T> map)
    {
        var entity = Expression.Parameter(typeof(T), "entity");
        if (map.Keys.Count == 1)
        {
            return map.Keys[0].Type == typeof(TId)
                ? Expression.Lambda<Func<T, TId>>(Expression.Property(entity, map.Keys[0].Property), entity).Compile()
                : throw new ArgumentException($"{typeof(T).Name}'s key {map.Keys[0].Property.Name} is a {map.Keys[0].Type.Name}, not a {typeof(TId).Name}; use Repository<{typeof(T).Name}, {map.Keys[0].Type.Name}>.");
        }

        // ValueTuple.Create<T1, ..., Tn> builds the key, so no constructor of TId is looked up by reflection.
        var types = map.Keys.Select(k => k.Type).ToArray();
        var create = types.Length <= 7 ? TupleCreate(types) : null;
        if (create is null || create.ReturnType != typeof(TId))
            throw new ArgumentException($"{typeof(T).Name} has the composite key ({string.Join(", ", map.Keys.Select(k => $"{k.Type.Name} {k.Property.Name}"))}); use a value tuple of those types as TId.");
        return Expression.Lambda<Func<T, TId>>(Expression.Call(create, map.Keys.Select(k => Expression.Property(entity, k.Property))), entity).Compile();
    }

    [UnconditionalSuppressMessage("Trimming", "IL2060", Justification = "ValueTuple.Create has no trimming requirements on its type parameters.")]
    private static MethodInfo TupleCreate(Type[] types)
        => typeof(ValueTuple).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .First(m => m.Name == nameof(ValueTuple.Create) && m.GetParameters().Length == types.Length)
            .MakeGenericMethod(types);
}
