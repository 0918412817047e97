namespace Keel;

/// <summary>A queue row as the worker and the dead-letter calls read it (always the same columns, one row shape).</summary>
internal sealed record WriteBehindRow(
    long Id, string Target, string Key, string Operation, string? Payload, int Attempts, DateTimeOffset EnqueuedAt, string? LastError, DateTimeOffset? DeadAt, bool Ready)
{
    public const string Upsert = "upsert";
    public const string Delete = "delete";

    public WriteBehindOperation Kind => Operation == Delete ? WriteBehindOperation.Delete : WriteBehindOperation.Upsert;
}
