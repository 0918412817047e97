namespace Keel;

/// <summary>
/// What a subtype's map is told about its hierarchy before it is built: the layout, the map of the type it derives
/// from (the root, or a subtype for a nested one), the discriminator column and its own discriminator value.
/// </summary>
internal sealed record InheritanceParent(InheritanceStrategy Strategy, IEntityMap Base, string Discriminator, string Value);
