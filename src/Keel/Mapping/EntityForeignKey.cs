namespace Keel;

/// <summary>A foreign key from one column of an entity's table to the key of another entity's table.</summary>
internal sealed record EntityForeignKey(string Name, EntityColumn Column, Type TargetType, ReferentialAction OnDelete);
