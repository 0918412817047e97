namespace Keel;

/// <summary>One piece of an <see cref="Sql"/>: either literal text or a parameter value.</summary>
internal readonly record struct SqlPart(string? Literal, SqlValue? Value);
