namespace Keel;

/// <summary>
/// A unique constraint: on a property for that column, or on the class naming several properties for a composite
/// key (<c>[Unique(nameof(OrderId), nameof(ProductId))]</c>). The constraint is named <see cref="Name"/>, else
/// <c>{table}_{columns}_key</c> as PostgreSQL would name it, so violations report a predictable name.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property, AllowMultiple = true)]
public sealed class UniqueAttribute(params string[] properties) : Attribute
{
    /// <summary>The properties of a class-level constraint, in column order (empty on a property).</summary>
    public IReadOnlyList<string> Properties { get; } = properties;

    /// <summary>The constraint name; null for the PostgreSQL-style default.</summary>
    public string? Name { get; set; }
}
