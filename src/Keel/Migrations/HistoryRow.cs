namespace Keel;

/// <summary>One row of <c>keel_schema_history</c>.</summary>
public sealed record HistoryRow(
    int InstalledRank,
    long? Version,
    string Description,
    string Type,
    string Script,
    string? Checksum,
    string InstalledBy,
    DateTimeOffset InstalledOn,
    int ExecutionMs,
    bool Success);
