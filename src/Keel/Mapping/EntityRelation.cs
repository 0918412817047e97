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
    private EntityRelation(IRelationMap source, EntityNavigation navigation, IRelationMap target, RelationKind kind, EntityColumn sourceKey, EntityColumn targetKey)
    {
        Source = source;
        Navigation = navigation;
        Target = target;
        Kind = kind;
        SourceKey = sourceKey;
        TargetKey = targetKey;
        SourceValue = source.Getter(sourceKey);
        TargetValue = target.Getter(targetKey);
        (Get, var set) = CompileAccessors(navigation);
        Set = SetterFor(source, set);
        (NewCollection, Finish) = navigation.IsCollection ? CollectionOf(navigation) : (null, null);
    }

    public IRelationMap Source { get; }

    public EntityNavigation Navigation { get; }

    public IRelationMap Target { get; }

    public RelationKind Kind { get; }

    /// <summary>The column on the source side: its foreign key (many-to-one) or its key (every other kind).</summary>
    public EntityColumn SourceKey { get; }

    /// <summary>The column on the target side: its key (many-to-one, many-to-many) or its foreign key (one-to-one, one-to-many).</summary>
    public EntityColumn TargetKey { get; }

    /// <summary>Reads <see cref="SourceKey"/> of a source entity.</summary>
    public Func<object, object?> SourceValue { get; }

    /// <summary>Reads <see cref="TargetKey"/> of a target entity.</summary>
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

    /// <summary>A new, empty collection of the target type (<c>List&lt;Tag&gt;</c>), for collection navigations.</summary>
    public Func<IList>? NewCollection { get; }

    /// <summary>Turns a filled collection into the navigation's type (an array, or the list itself).</summary>
    public Func<IList, object>? Finish { get; }

    /// <summary>Whether the navigation holds at most one entity.</summary>
    public bool IsToOne => Kind is RelationKind.ManyToOne or RelationKind.OneToOne;

    public override string ToString() => $"{Source.EntityType.Name}.{Navigation.Property.Name}";

    /// <exception cref="InvalidOperationException">No key pairs the two entities; the message says what to declare.</exception>
    public static EntityRelation Resolve(IRelationMap source, EntityNavigation navigation, IRelationMap target)
    {
        var name = $"{source.EntityType.Name}.{navigation.Property.Name}";
        if (!navigation.IsCollection)
        {
            if (source.ColumnFor(navigation.DeclaredForeignKey ?? navigation.Property.Name + "Id") is { } foreignKey)
                return new EntityRelation(source, navigation, target, RelationKind.ManyToOne, foreignKey, SingleKey(target, name));
            if (target.ColumnFor(navigation.DeclaredForeignKey ?? source.EntityType.Name + "Id") is { } inverse)
                return new EntityRelation(source, navigation, target, RelationKind.OneToOne, SingleKey(source, name), inverse);
            throw new InvalidOperationException(
                $"{name} has no foreign key: neither {source.EntityType.Name}.{navigation.Property.Name}Id nor {target.EntityType.Name}.{source.EntityType.Name}Id is a mapped column. " +
                "Name it with [ForeignKey] or Navigation(x => x.Nav, \"KeyProperty\").");
        }

        if (target.ColumnFor(navigation.ForeignKey) is { } childKey)
            return new EntityRelation(source, navigation, target, RelationKind.OneToMany, SingleKey(source, name), childKey);
        if (navigation.DeclaredForeignKey is null && target.Navigations.Any(n => n.IsCollection && n.TargetType == source.EntityType) && target.EntityType != source.EntityType)
            return ManyToMany(source, navigation, target, name);
        throw new InvalidOperationException(
            $"{name} has no foreign key: {target.EntityType.Name}.{navigation.ForeignKey} is not a mapped column, and {target.EntityType.Name} has no collection of " +
            $"{source.EntityType.Name} back (which would make it many-to-many). Name the key with [ForeignKey] or Navigation(x => x.Nav, \"KeyProperty\").");
    }

    private static EntityRelation ManyToMany(IRelationMap source, EntityNavigation navigation, IRelationMap target, string name)
    {
        // The schema builder creates the join table from the same helper, so the two cannot disagree on its name.
        var pivot = EntityPivot.Between(source, target);
        var sourceIsLeft = ReferenceEquals(pivot.Left, source);
        return new EntityRelation(source, navigation, target, RelationKind.ManyToMany, SingleKey(source, name), SingleKey(target, name))
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
            : throw new InvalidOperationException($"{relation} joins on the key of {map.EntityType.Name}, which is composite; relations load over single-column keys.");

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
    private static (Func<IList>, Func<IList, object>) CollectionOf(EntityNavigation navigation)
    {
        var element = navigation.TargetType;
        var type = navigation.Property.PropertyType;
        var listType = typeof(List<>).MakeGenericType(element);
        var newList = Expression.Lambda<Func<IList>>(Expression.New(listType)).Compile();
        if (type.IsArray)
        {
            var toArray = typeof(EntityRelation).GetMethod(nameof(ToArray), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!.MakeGenericMethod(element);
            return (newList, toArray.CreateDelegate<Func<IList, object>>());
        }

        return type.IsAssignableFrom(listType)
            ? (newList, static list => list)
            : throw new InvalidOperationException(
                $"{navigation.Property.DeclaringType!.Name}.{navigation.Property.Name} is a {type.Name}; an include fills List<{element.Name}>, an array, or an interface a list implements.");
    }

    private static TElement[] ToArray<TElement>(IList list) => ((List<TElement>)list).ToArray();
}
