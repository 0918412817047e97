namespace Keel;

/// <summary>What a subtype's map is told about its hierarchy before it is built: the layout, the base map and its own discriminator value.</summary>
internal sealed record InheritanceParent(InheritanceStrategy Strategy, IEntityMap Base, string Discriminator, string Value);
