namespace Keel.Cli.Output;

/// <summary><c>keel migrate status --format json</c>: what is applied, what is pending, and the problems that block <c>up</c>.</summary>
internal sealed record StatusReport(IReadOnlyList<StatusReport.AppliedMigration> Applied, IReadOnlyList<StatusReport.PendingMigration> Pending, IReadOnlyList<string> Problems)
{
    public static StatusReport From(MigrationStatus status) => new(
        [.. status.Applied.Select(r => new AppliedMigration(r.Version, r.Description, r.Type, r.Script, r.Checksum, r.InstalledBy, r.InstalledOn, r.ExecutionMs))],
        [.. status.Pending.Select(m => new PendingMigration(m.Version, m.Description, m.Kind.ToString(), m.Script, m.Checksum))],
        status.Problems);

    /// <summary>One applied migration, from the history table.</summary>
    internal sealed record AppliedMigration(long? Version, string Description, string Type, string Script, string? Checksum, string InstalledBy, DateTimeOffset InstalledOn, int ExecutionMs);

    /// <summary>One migration <c>up</c> would run.</summary>
    internal sealed record PendingMigration(long? Version, string Description, string Kind, string Script, string Checksum);
}
