namespace Keel;

/// <summary>
/// The tenant column of a multi-tenant entity: its name, and the property mapped to it when the entity declares one
/// (filled from the row, never written from the entity). Immutable.
/// </summary>
internal sealed class EntityTenant(string name, EntityColumn? property)
{
    public string Name { get; } = name;

    /// <summary>The column name, quoted.</summary>
    public string Quoted { get; } = SqlIdentifiers.Quote(name);

    /// <summary>The property mapped to the column, or null when the column is Keel's alone.</summary>
    public EntityColumn? Property { get; } = property;

    /// <summary>Whether no property maps the column, so select lists leave it out and derived sources add it.</summary>
    public bool IsShadow => Property is null;
}
