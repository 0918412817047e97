namespace Keel;

/// <summary>One migration in a plan or a run: what runs, in which mode, and (after a run) how long it took.</summary>
/// <param name="Migration">The migration.</param>
/// <param name="Direction"><c>up</c> or <c>down</c>.</param>
/// <param name="Mode">The transaction mode it runs in.</param>
/// <param name="Sql">The SQL it sends (for C# migrations, a note that code runs).</param>
/// <param name="ExecutionMs">Milliseconds it took (0 in a plan).</param>
public sealed record MigrationStep(MigrationScript Migration, string Direction, MigrationTransaction Mode, string Sql, int ExecutionMs = 0);
