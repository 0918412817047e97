namespace Keel;

/// <summary>
/// The names given to the join table of a many-to-many navigation with no entity of its own
/// (<see cref="EntityOptions{T}.JoinTable"/>): its table, the column holding the declaring entity's key, and the column
/// holding the other entity's key.
/// </summary>
internal sealed record EntityJoinTable(string Schema, string Table, string SourceColumn, string TargetColumn);
