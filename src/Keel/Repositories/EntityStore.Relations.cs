using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace Keel;

/// <summary>Finding the map at the other end of a navigation, whose type is known only at run time.</summary>
public sealed partial class EntityStore
{
    private static readonly MethodInfo MapMethod = typeof(EntityStore).GetMethod(nameof(Map), BindingFlags.NonPublic | BindingFlags.Instance)!;

    /// <summary>The map of a navigation's target: configured, or by the conventions when first met here.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2060", Justification = "A navigation's target type is kept by the navigation property; map it with Entities.Add<T>() to keep its members when trimming.")]
    internal IRelationMap RelationMap(Type entityType)
        => (IRelationMap)(Find(entityType) ?? (IEntityMap)MapMethod.MakeGenericMethod(entityType).Invoke(this, null)!);
}
