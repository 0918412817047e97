using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;
using System.Text.Json;
using Npgsql;

namespace Keel;

/// <summary>
/// Everything Keel knows about one entity type, fixed when built: table, columns in select order, keys, maintained
/// columns, navigations, and the compiled delegates (row reader by ordinal, parameter and COPY writers per column).
/// Reading and writing SQL is generated here, so other mappings (discriminators, several tables) extend one place.
/// </summary>
internal sealed partial class EntityMap<[DynamicallyAccessedMembers(Mapped.Members)] T> : IEntityMap
    where T : class
{
    private readonly FrozenDictionary<string, EntityColumn> _byProperty;
    private readonly FrozenDictionary<EntityColumn, int> _ordinals;
    private readonly Func<T, SqlValue>[] _values;
    private readonly Func<T, SqlValue>[] _insertValues;
    private readonly Func<T, object?>[] _getters;
    private readonly Func<NpgsqlBinaryImporter, T, CancellationToken, Task>[] _copyFields;

    public EntityMap(EntityOptions<T> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Parent = options.Parent;
        Json = JsonMembers.Prepare(options.JsonOptions);
        (Schema, Table) = TableOf(options);
        QualifiedTable = Sql.Identifier(Schema, Table);
        var (columns, navigations) = Classify(options);
        Columns = columns;
        Navigations = navigations;
        Tenant = TenantOf(options, columns);
        Keys = [.. columns.Where(c => c.IsKey)];
        Version = columns.FirstOrDefault(c => c.Role == ColumnRole.Version);
        CreatedAt = columns.FirstOrDefault(c => c.Role == ColumnRole.CreatedAt);
        UpdatedAt = columns.FirstOrDefault(c => c.Role == ColumnRole.UpdatedAt);
        SoftDelete = columns.FirstOrDefault(c => c.Role == ColumnRole.SoftDelete);
        _byProperty = columns.ToFrozenDictionary(c => c.Property.Name, StringComparer.Ordinal);
        _ordinals = columns.Select((c, i) => (c, i)).ToFrozenDictionary(p => p.c, p => p.i);
        Lineage = LineageOf(this);
        // Writes of this type's own rows name its discriminator value exactly; reads take its subtypes' rows too.
        var ownType = Parent is { Strategy: InheritanceStrategy.SingleTable } sti ? $"{SqlIdentifiers.Quote(sti.Discriminator)} = '{sti.Value}'" : string.Empty;
        var live = SoftDelete is null ? string.Empty : $" AND {SoftDelete.Quoted} IS NULL";
        _ownLiveFilter = (ownType.Length == 0 ? string.Empty : " AND " + ownType) + live;
        SelectList = string.Join(", ", columns.Select(c => c.Quoted));
        SelectSql = Sql.Raw(SelectList);
        Source = Parent is { Strategy: InheritanceStrategy.JoinedTables }
            ? Sql.Raw(ChainSource)
            : QualifiedTable;
        Target = new EntityColumnTarget(this);
        CollectConstraints(options);

        _values = [.. columns.Select(c => CompileValue(c, insert: false))];
        _insertValues = [.. columns.Select(c => CompileValue(c, insert: true))];
        _getters = [.. columns.Select(CompileGetter)];
        _copyFields = [.. columns.Select(CompileCopyField)];
        var root = Parent is null && options.Strategy is not null;
        if (root)
        {
            // The root of a hierarchy has no rows of its own: it writes through its subtypes.
            (_insertBase, _insertParameters, _updateParameters) = ([], [], []);
        }
        else
        {
            (_insertBase, _insertParameters) = InsertLiterals();
            _updateParameters = [.. ParametersOf([.. columns.Where(c => c.IsUpdated), .. Keys, .. Version is null ? [] : new[] { Version }], _values), .. TenantSlot];
            (_insert, _update) = WriteTemplates(Parent is { Strategy: InheritanceStrategy.JoinedTables } ? JoinedReturning() : SelectList);
        }

        // A root, or a subtype with subtypes of its own, reads its whole subtree and writes through each type.
        Hierarchy = root || options.Subtypes.Count > 0 ? new EntityHierarchy<T>(this, options) : null;
        if (Hierarchy is { } hierarchy)
        {
            SelectList = hierarchy.SelectList;
            SelectSql = Sql.Raw(SelectList);
            Source = hierarchy.Source;
        }

        Read = Hierarchy is { } reads ? reads.Read : CompileReader([.. columns]);
        Choose = _ => Read;
        TypeCondition = Hierarchy is { TypeCondition.Length: > 0 } nested ? nested.TypeCondition : ownType;
        TypeFilter = TypeCondition.Length == 0 ? string.Empty : " AND " + TypeCondition;
        LiveFilter = TypeFilter + live;
    }

    public Type EntityType => typeof(T);

    public string Schema { get; }

    public string Table { get; }

    public Sql QualifiedTable { get; }

    public IReadOnlyList<EntityColumn> Columns { get; }

    public IReadOnlyList<EntityColumn> Keys { get; }

    public EntityColumn? Version { get; }

    public EntityColumn? CreatedAt { get; }

    public EntityColumn? UpdatedAt { get; }

    public EntityColumn? SoftDelete { get; }

    public IReadOnlyList<EntityNavigation> Navigations { get; }

    /// <summary>The JSON settings of jsonb columns.</summary>
    public JsonSerializerOptions Json { get; }

    /// <summary><c>"id", "email", ...</c>: every column, in the order <see cref="Read"/> reads them.</summary>
    public string SelectList { get; }

    /// <summary><see cref="SelectList"/> as a fragment, built once.</summary>
    public Sql SelectSql { get; }

    public EntityColumnTarget Target { get; }

    /// <summary>Reads one row of <see cref="SelectList"/> by ordinal.</summary>
    public Func<NpgsqlDataReader, T> Read { get; }

    /// <summary><see cref="Read"/> for every result (the select list is Keel's own, so the shape never varies).</summary>
    public Func<NpgsqlDataReader, Func<NpgsqlDataReader, T>> Choose { get; }

    public EntityColumn? ColumnFor(string propertyName) => _byProperty.GetValueOrDefault(propertyName);

    /// <summary>A property's value as stored, boxed: for cursors and composite keys, off the hot path.</summary>
    public object? StoredValue(EntityColumn column, T entity) => column.ToStore(_getters[IndexOf(column)](entity));

    /// <summary>A property's value as the entity holds it, boxed.</summary>
    public object? PropertyValue(EntityColumn column, T entity) => _getters[IndexOf(column)](entity);

    /// <summary>A parameter with the column's stored value of <paramref name="entity"/>.</summary>
    public Sql Parameter(EntityColumn column, T entity) => Sql.FromParts([new SqlPart(null, _values[IndexOf(column)](entity))]);

    private int IndexOf(EntityColumn column)
        => _ordinals.TryGetValue(column, out var ordinal) ? ordinal : throw new ArgumentException($"{column} is not a column of {typeof(T).Name}.", nameof(column));

    private Func<T, SqlValue> CompileValue(EntityColumn column, bool insert)
    {
        var entity = Expression.Parameter(typeof(T), "entity");
        var body = ColumnConversion.Parameter(column, ColumnConversion.ToStore(column.Kind, PropertyOf(entity, column, insert), Json));
        return Expression.Lambda<Func<T, SqlValue>>(body, entity).Compile();
    }

    private static Func<T, object?> CompileGetter(EntityColumn column)
    {
        var entity = Expression.Parameter(typeof(T), "entity");
        return Expression.Lambda<Func<T, object?>>(Expression.Convert(Expression.Property(entity, column.Property), typeof(object)), entity).Compile();
    }

    private Func<NpgsqlBinaryImporter, T, CancellationToken, Task> CompileCopyField(EntityColumn column)
    {
        var importer = Expression.Parameter(typeof(NpgsqlBinaryImporter), "importer");
        var entity = Expression.Parameter(typeof(T), "entity");
        var token = Expression.Parameter(typeof(CancellationToken), "cancellationToken");
        var body = ColumnConversion.CopyField(column, importer, ColumnConversion.ToStore(column.Kind, PropertyOf(entity, column, insert: true), Json), token);
        return Expression.Lambda<Func<NpgsqlBinaryImporter, T, CancellationToken, Task>>(body, importer, entity, token).Compile();
    }

    private static Expression PropertyOf(ParameterExpression entity, EntityColumn column, bool insert)
    {
        Expression value = Expression.Property(entity, column.Property);
        // A Guid key left empty gets a version-7 id on insert, as document ids do; the row read back carries it.
        if (insert && column.IsKey && column.Type == typeof(Guid))
            value = Expression.Call(typeof(EntityMap<T>).GetMethod(nameof(FreshIfEmpty), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!, value);
        return value;
    }

    private static Guid FreshIfEmpty(Guid id) => id == Guid.Empty ? Guid.CreateVersion7() : id;
}
