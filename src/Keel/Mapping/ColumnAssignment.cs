namespace Keel;

/// <summary>
/// One <c>SET</c> item of a set-based update and the column it writes: a statement over a hierarchy whose rows span
/// tables sends each assignment to the table that holds its column.
/// </summary>
internal readonly record struct ColumnAssignment(EntityColumn Column, Sql Assignment);
