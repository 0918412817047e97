namespace Keel;

/// <summary>
/// A navigation declared on a subtype (<c>Article.Author</c>) applies to that subtype's entities only: a polymorphic
/// level (the rows of <c>Repository&lt;Content&gt;</c>, or pets included through <c>Kennel.Pets</c>) holds others too.
/// </summary>
internal sealed partial class EntityRelation
{
    /// <summary>Whether the source is a subtype of a hierarchy, whose navigation a polymorphic level holds for some entities only.</summary>
    private bool SourceIsSubtype => Source is IHierarchyNode { Parent: not null };

    /// <summary>The entities of <paramref name="parents"/> this relation applies to: all of them, unless the source is a subtype and some are not of it.</summary>
    public IReadOnlyList<object> ApplicableParents(IReadOnlyList<object> parents)
    {
        if (!SourceIsSubtype)
            return parents;
        var type = Source.EntityType;
        for (var i = 0; i < parents.Count; i++)
        {
            if (!type.IsInstanceOfType(parents[i]))
                return Filtered(parents, type);
        }

        return parents;
    }

    private static List<object> Filtered(IReadOnlyList<object> parents, Type type)
    {
        var applicable = new List<object>(parents.Count);
        foreach (var parent in parents)
        {
            if (type.IsInstanceOfType(parent))
                applicable.Add(parent);
        }

        return applicable;
    }

    /// <summary>
    /// <paramref name="set"/>, or for a subtype's navigation a setter that leaves other entities alone: a joined read of
    /// a polymorphic level sets the navigation of every row, and a video has no author to set.
    /// </summary>
    private static Action<object, object?> SetterFor(IRelationMap source, Action<object, object?> set)
    {
        if (source is not IHierarchyNode { Parent: not null })
            return set;
        var type = source.EntityType;
        return (entity, value) =>
        {
            if (type.IsInstanceOfType(entity))
                set(entity, value);
        };
    }
}
