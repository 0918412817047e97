namespace Keel;

/// <summary>What <c>status</c> reports: applied migrations, pending ones, and drift between history and sources.</summary>
/// <param name="Applied">History rows of migrations currently applied, in order.</param>
/// <param name="Pending">Migrations <c>up</c> would run, in order.</param>
/// <param name="Problems">Drift and failures that block <c>up</c> (changed or vanished files, partial runs).</param>
/// <param name="History">Every history row, for audit.</param>
public sealed record MigrationStatus(IReadOnlyList<HistoryRow> Applied, IReadOnlyList<MigrationScript> Pending, IReadOnlyList<string> Problems, IReadOnlyList<HistoryRow> History)
{
    /// <summary>The highest applied version, or null.</summary>
    public long? CurrentVersion => Applied.Where(a => a.Version is not null).Select(a => a.Version).Max();
}
