namespace Keel;

/// <summary>An index or unique constraint of an entity's table, by column names. Immutable.</summary>
internal sealed record EntityIndex(string Name, IReadOnlyList<string> Columns, bool Unique, IReadOnlyList<string> Include, string? Where);
