namespace Keel;

/// <summary>The type-independent view of a map's place in a class hierarchy, for the schema builder.</summary>
internal interface IHierarchyNode
{
    /// <summary>Set on a subtype's map.</summary>
    InheritanceParent? Parent { get; }

    /// <summary>Set on a root's map: how the hierarchy is stored.</summary>
    InheritanceStrategy? RootStrategy { get; }

    /// <summary>A root's discriminator column (or UNION ALL type column).</summary>
    string? RootDiscriminator { get; }

    /// <summary>A root's subtype maps.</summary>
    IReadOnlyList<IEntityMap> SubtypeMaps { get; }
}
