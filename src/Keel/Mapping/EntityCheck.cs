namespace Keel;

/// <summary>A check constraint of an entity's table.</summary>
internal sealed record EntityCheck(string Name, string Sql);
