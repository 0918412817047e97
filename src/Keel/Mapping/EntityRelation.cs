using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;

namespace Keel;

/// <summary>
/// A navigation resolved against both maps: its kind, the key column on each side that must be equal, the join
/// table of a many-to-many, and compiled delegates that set the navigation. Resolved once per navigation.
/// </summary>
/// <remarks>
/// Conventions, in order: a reference navigation <c>Order.User</c> is many-to-one when this entity has the foreign key
/// (<c>UserId</c>, or the one named by <c>[ForeignKey]</c> / <c>Navigation(...)</c>), else one-to-one when the target
/// has <c>{ThisType}Id</c> (<c>Shipment.OrderId</c>). A collection <c>User.Orders</c> is one-to-many when the target
/// has <c>{ThisType}Id</c> (or the declared key), else many-to-many when the target has a collection back: the join
/// table is the two entity names in alphabetical order, the first singular and the second plural
/// (<c>product_tags (product_id, tag_id)</c>).
/// </remarks>
internal sealed partial class EntityRelation
{
    private EntityRelation(IRelationMap source, EntityNavigation navigation, IRelationMap target, RelationKind kind, EntityColumn[] sourceKeys, EntityColumn[] targetKeys)
    {
        Source = source;
        Navigation = navigation;
        Target = target;
        Kind = kind;
        SourceKeys = sourceKeys;
        TargetKeys = targetKeys;
        SourceValue = KeyReader(source, sourceKeys);
        TargetValue = KeyReader(target, targetKeys);
        (Get, var set) = CompileAccessors(navigation);
        Set = SetterFor(source, set);
        (ListType, NewCollection, Finish) = navigation.IsCollection ? CollectionOf(navigation) : (null, null, null);
    }

    public IRelationMap Source { get; }

    public EntityNavigation Navigation { get; }

    public IRelationMap Target { get; }

    public RelationKind Kind { get; }

    /// <summary>
    /// The columns on the source side: its foreign key (many-to-one) or its key (every other kind). One column, or
    /// several for a composite key, paired in order with <see cref="TargetKeys"/>.
    /// </summary>
    public IReadOnlyList<EntityColumn> SourceKeys { get; }

    /// <summary>The columns on the target side: its key (many-to-one, many-to-many) or its foreign key (one-to-one, one-to-many).</summary>
    public IReadOnlyList<EntityColumn> TargetKeys { get; }

    /// <summary>Whether the relation pairs several columns (a composite key).</summary>
    public bool IsComposite => SourceKeys.Count > 1;

    /// <summary>
    /// Reads <see cref="SourceKeys"/> of a source entity: the value (boxed), or a value tuple of the values for a composite
    /// key; null when a part is null.
    /// </summary>
    public Func<object, object?> SourceValue { get; }

    /// <summary>Reads <see cref="TargetKeys"/> of a target entity, as <see cref="SourceValue"/> does.</summary>
    public Func<object, object?> TargetValue { get; }

    /// <summary>The join table of a many-to-many (quoted, qualified), else null.</summary>
    public Sql? Pivot { get; private init; }

    /// <summary>The join table's column holding the source key (quoted).</summary>
    public string PivotSource { get; private init; } = string.Empty;

    /// <summary>The join table's column holding the target key (quoted).</summary>
    public string PivotTarget { get; private init; } = string.Empty;

    /// <summary>The join table's tenant column (quoted) when its rows belong to tenants, else null.</summary>
    public string? PivotTenant { get; private init; }

    /// <summary>Reads the navigation of a source entity (what a joined read or an earlier load put there).</summary>
    public Func<object, object?> Get { get; }

    /// <summary>Sets the navigation of a source entity (a target, null, or a collection made by <see cref="Finish"/>).</summary>
    public Action<object, object?> Set { get; }

    /// <summary><c>List&lt;Tag&gt;</c>: the list type a collection navigation is filled with, else null.</summary>
    public Type? ListType { get; }

    /// <summary>A new, empty collection of the target type (<c>List&lt;Tag&gt;</c>), for collection navigations.</summary>
    public Func<IList>? NewCollection { get; }

    /// <summary>Turns a filled collection into the navigation's type (an array, or the list itself).</summary>
    public Func<IList, object>? Finish { get; }

    /// <summary>Whether the navigation holds at most one entity.</summary>
    public bool IsToOne => Kind is RelationKind.ManyToOne or RelationKind.OneToOne;

    public override string ToString() => $"{Source.EntityType.Name}.{Navigation.Property.Name}";

    /// <summary><c>t."order_id" = s."id"</c>: the target's key columns equal to the source's, ANDed for a composite key.</summary>
    public string KeysEqual(string targetAlias, string sourceAlias)
    {
        var parts = new string[SourceKeys.Count];
        for (var i = 0; i < parts.Length; i++)
            parts[i] = $"{targetAlias}.{TargetKeys[i].Quoted} = {sourceAlias}.{SourceKeys[i].Quoted}";
        return string.Join(" AND ", parts);
    }

    /// <exception cref="InvalidOperationException">No key pairs the two entities; the message says what to declare.</exception>
    /// <exception cref="NotSupportedException">A many-to-many through an implicit join table where a side's key is composite.</exception>
    public static EntityRelation Resolve(IRelationMap source, EntityNavigation navigation, IRelationMap target)
    {
        var name = $"{source.EntityType.Name}.{navigation.Property.Name}";
        if (!navigation.IsCollection)
        {
            if (RelationKeys.ForeignKey(source, navigation.DeclaredForeignKeys, navigation.Property.Name, target, name) is { } foreignKey)
                return new EntityRelation(source, navigation, target, RelationKind.ManyToOne, foreignKey, [.. target.Keys]);
            if (RelationKeys.ForeignKey(target, navigation.DeclaredForeignKeys, source.EntityType.Name, source, name) is { } inverse)
                return new EntityRelation(source, navigation, target, RelationKind.OneToOne, [.. source.Keys], inverse);
            throw new InvalidOperationException(
                $"{name} has no foreign key: neither {source.EntityType.Name}.{RelationKeys.Describe(navigation.Property.Name, target)} nor " +
                $"{target.EntityType.Name}.{RelationKeys.Describe(source.EntityType.Name, source)} is mapped. " +
                "Name it with [ForeignKey] or Navigation(x => x.Nav, \"KeyProperty\") (one property per key column).");
        }

        var owner = navigation.Property.DeclaringType!.Name;
        if (RelationKeys.ForeignKey(target, navigation.DeclaredForeignKeys, owner, source, name) is { } childKey)
            return new EntityRelation(source, navigation, target, RelationKind.OneToMany, [.. source.Keys], childKey);
        if (navigation.DeclaredForeignKey is null && target.Navigations.Any(n => n.IsCollection && n.TargetType == source.EntityType) && target.EntityType != source.EntityType)
            return ManyToMany(source, navigation, target, name);
        throw new InvalidOperationException(
            $"{name} has no foreign key: {target.EntityType.Name}.{RelationKeys.Describe(owner, source, navigation.DeclaredForeignKeys)} is not mapped, and {target.EntityType.Name} has no collection of " +
            $"{source.EntityType.Name} back (which would make it many-to-many). Name the key with [ForeignKey] or Navigation(x => x.Nav, \"KeyProperty\").");
    }

    private static EntityRelation ManyToMany(IRelationMap source, EntityNavigation navigation, IRelationMap target, string name)
    {
        // The schema builder creates the join table from the same helper, so the two cannot disagree on its name.
        var pivot = EntityPivot.Between(source, target);
        var sourceIsLeft = ReferenceEquals(pivot.Left, source);
        return new EntityRelation(source, navigation, target, RelationKind.ManyToMany, [SingleKey(source, name)], [SingleKey(target, name)])
        {
            Pivot = Sql.Identifier(pivot.Schema, pivot.Table),
            PivotSource = SqlIdentifiers.Quote(sourceIsLeft ? pivot.LeftColumn : pivot.RightColumn),
            PivotTarget = SqlIdentifiers.Quote(sourceIsLeft ? pivot.RightColumn : pivot.LeftColumn),
            PivotTenant = pivot.Tenant?.Quoted,
        };
    }

    private static EntityColumn SingleKey(IEntityMap map, string relation)
        => map.Keys.Count == 1
            ? map.Keys[0]
            : throw new NotSupportedException(
                $"{relation} is a many-to-many through an implicit join table, and the key of {map.EntityType.Name} is composite. " +
                "Map the join table as an entity (an explicit pivot: a one-to-many to it and a many-to-one from it), which composite keys support.");

    /// <summary>The key of an entity, boxed: the column's value, or a value tuple of the columns' values (null when a part is null).</summary>
    private static Func<object, object?> KeyReader(IRelationMap map, EntityColumn[] columns)
    {
        if (columns.Length == 1)
            return map.Getter(columns[0]);
        var entity = Expression.Parameter(typeof(object), "entity");
        var typed = Expression.Variable(map.EntityType, "typed");
        var parts = columns.Select(c => Expression.Property(typed, c.Property)).ToArray();
        var types = parts.Select(p => Nullable.GetUnderlyingType(p.Type) ?? p.Type).ToArray();
        var tuple = Expression.New(ValueTupleType(types).GetConstructor(types)!, parts.Select((p, i) => p.Type == types[i] ? (Expression)p : Expression.Convert(p, types[i])));
        Expression anyNull = Expression.Constant(false);
        foreach (var part in parts.Where(p => !p.Type.IsValueType || Nullable.GetUnderlyingType(p.Type) is not null))
            anyNull = Expression.OrElse(anyNull, Expression.Equal(part, Expression.Constant(null, part.Type)));
        var body = Expression.Block(
            [typed],
            Expression.Assign(typed, Expression.Convert(entity, map.EntityType)),
            Expression.Condition(anyNull, Expression.Constant(null), Expression.Convert(tuple, typeof(object))));
        return Expression.Lambda<Func<object, object?>>(body, entity).Compile();
    }

    [UnconditionalSuppressMessage("Trimming", "IL2055", Justification = "Value tuples of the key's types, which are the mapped properties' own types.")]
    [UnconditionalSuppressMessage("Trimming", "IL2073", Justification = "Value tuples of the key's types, which are the mapped properties' own types.")]
    [return: DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)]
    private static Type ValueTupleType(Type[] types) => types.Length switch
    {
        2 => typeof(ValueTuple<,>).MakeGenericType(types),
        3 => typeof(ValueTuple<,,>).MakeGenericType(types),
        4 => typeof(ValueTuple<,,,>).MakeGenericType(types),
        5 => typeof(ValueTuple<,,,,>).MakeGenericType(types),
        6 => typeof(ValueTuple<,,,,,>).MakeGenericType(types),
        7 => typeof(ValueTuple<,,,,,,>).MakeGenericType(types),
        _ => throw new NotSupportedException($"A relation over a key of {types.Length} columns is not supported; composite keys of 2 to 7 columns are."),
    };

    private static (Func<object, object?>, Action<object, object?>) CompileAccessors(EntityNavigation navigation)
    {
        var property = navigation.Property;
        if (property.SetMethod is not { IsPublic: true })
            throw new InvalidOperationException($"{property.DeclaringType!.Name}.{property.Name} has no public setter, so an include cannot fill it.");
        var entity = Expression.Parameter(typeof(object), "entity");
        var value = Expression.Parameter(typeof(object), "value");
        var member = Expression.Property(Expression.Convert(entity, property.DeclaringType!), property);
        var get = Expression.Lambda<Func<object, object?>>(Expression.Convert(member, typeof(object)), entity).Compile();
        var set = Expression.Lambda<Action<object, object?>>(Expression.Assign(member, Expression.Convert(value, property.PropertyType)), entity, value).Compile();
        return (get, set);
    }

    [UnconditionalSuppressMessage("Trimming", "IL2060", Justification = "The helpers instantiated here carry no trimming requirements on their type parameters.")]
    private static (Type, Func<IList>, Func<IList, object>) CollectionOf(EntityNavigation navigation)
    {
        var element = navigation.TargetType;
        var type = navigation.Property.PropertyType;
        var listType = typeof(List<>).MakeGenericType(element);
        var newList = Expression.Lambda<Func<IList>>(Expression.New(listType)).Compile();
        if (type.IsArray)
        {
            var toArray = typeof(EntityRelation).GetMethod(nameof(ToArray), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!.MakeGenericMethod(element);
            return (listType, newList, toArray.CreateDelegate<Func<IList, object>>());
        }

        return type.IsAssignableFrom(listType)
            ? (listType, newList, static list => list)
            : throw new InvalidOperationException(
                $"{navigation.Property.DeclaringType!.Name}.{navigation.Property.Name} is a {type.Name}; an include fills List<{element.Name}>, an array, or an interface a list implements.");
    }

    private static TElement[] ToArray<TElement>(IList list) => ((List<TElement>)list).ToArray();
}
