namespace Keel;

/// <summary>
/// A (non-unique) index: on a property for that column, or on the class naming several properties in order.
/// <see cref="Where"/> makes it partial, <see cref="Include"/> covering. Foreign key columns get an index anyway.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property, AllowMultiple = true)]
public sealed class IndexAttribute(params string[] properties) : Attribute
{
    /// <summary>The properties of a class-level index, in order (empty on a property).</summary>
    public IReadOnlyList<string> Properties { get; } = properties;

    /// <summary>The index name; null for <c>{table}_{columns}_idx</c>.</summary>
    public string? Name { get; set; }

    /// <summary>A partial index's condition, in trusted SQL (<c>deleted_at IS NULL</c>).</summary>
    public string? Where { get; set; }

    /// <summary>Properties stored in the index as payload (<c>INCLUDE (...)</c>) so index-only scans serve them.</summary>
    public string[] Include { get; set; } = [];
}
