namespace Keel;

/// <summary>The type-independent view of a map's place in a class hierarchy, for the schema builder and the hierarchies above it.</summary>
internal interface IHierarchyNode : IEntityMap
{
    /// <summary>Set on a subtype's map.</summary>
    InheritanceParent? Parent { get; }

    /// <summary>Set on a root's map: how the hierarchy is stored.</summary>
    InheritanceStrategy? RootStrategy { get; }

    /// <summary>A root's discriminator column (or UNION ALL type column).</summary>
    string? RootDiscriminator { get; }

    /// <summary>Every mapped subtype below this map (nested ones too), in pre-order.</summary>
    IReadOnlyList<IEntityMap> SubtypeMaps { get; }

    /// <summary>The columns this map adds to the type it derives from (all of them, for a map outside a hierarchy).</summary>
    IReadOnlyList<EntityColumn> OwnColumns { get; }

    /// <summary>The maps of the concrete types this map reads, in pre-order: itself (unless it is the root, which has no rows) and every subtype below it.</summary>
    IReadOnlyList<IHierarchyNode> ConcreteMaps { get; }

    /// <summary>
    /// <c>b."title"</c>, <c>a1."body"</c>, <c>s."featured_until"</c>: where a joined-tables subtype's statements read a
    /// column, by the alias of the table in its chain from the root that holds it.
    /// </summary>
    string JoinedColumn(EntityColumn column);

    /// <summary>This map as one concrete type of the hierarchy of <typeparamref name="TBase"/>, one of its ancestors.</summary>
    ISubtypeMap<TBase> AsSubtypeOf<TBase>()
        where TBase : class;
}
