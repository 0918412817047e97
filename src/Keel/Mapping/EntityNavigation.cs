using System.Reflection;

namespace Keel;

/// <summary>
/// A property that points at other entities (<c>Post.Author</c>, <c>User.Posts</c>): not a column. Kept in the map
/// so relation loading can find both ends; the foreign key is the declared one or, by convention, <c>AuthorId</c>
/// on this entity for a reference and <c>UserId</c> on the target for a collection.
/// </summary>
internal sealed class EntityNavigation(PropertyInfo property, Type targetType, bool isCollection, string? declaredForeignKey, EntityJoinTable? joinTable = null)
{
    public PropertyInfo Property { get; } = property;

    /// <summary>The entity type at the other end (the element type for a collection).</summary>
    public Type TargetType { get; } = targetType;

    public bool IsCollection { get; } = isCollection;

    /// <summary>The foreign key property named by <c>[ForeignKey]</c> or the fluent API, if any (comma-separated for a composite key).</summary>
    public string? DeclaredForeignKey { get; } = declaredForeignKey;

    /// <summary>The declared foreign key properties, one per key column in key order, if any.</summary>
    public IReadOnlyList<string>? DeclaredForeignKeys { get; } = declaredForeignKey?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The join table named by the fluent API for a many-to-many navigation, if any (else the convention names it).</summary>
    public EntityJoinTable? JoinTable { get; } = joinTable;

    /// <summary>The foreign key property name: the declared one, else <c>{Navigation}Id</c> (reference) or <c>{DeclaringType}Id</c> (collection).</summary>
    public string ForeignKey => DeclaredForeignKey ?? (IsCollection ? Property.DeclaringType!.Name + "Id" : Property.Name + "Id");

    public override string ToString() => $"{Property.DeclaringType?.Name}.{Property.Name} -> {TargetType.Name}{(IsCollection ? "[]" : string.Empty)}";
}
