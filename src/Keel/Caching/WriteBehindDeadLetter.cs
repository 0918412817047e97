namespace Keel;

/// <summary>A queued write that failed <see cref="WriteBehindWorkerOptions.MaxAttempts"/> times and is no longer tried.</summary>
/// <param name="Id">The queue row's id (pass it to <see cref="WriteBehindQueue.RedriveAsync(long, CancellationToken)"/> or <see cref="WriteBehindQueue.DiscardAsync"/>).</param>
/// <param name="Target">The target.</param>
/// <param name="Key">The key; later writes to it wait behind this one.</param>
/// <param name="Operation">Upsert or delete.</param>
/// <param name="Payload">The value as JSON (null for a delete).</param>
/// <param name="Attempts">Failed attempts.</param>
/// <param name="LastError">The last failure's exception type and message.</param>
/// <param name="EnqueuedAt">When it was queued.</param>
/// <param name="DeadAt">When it was dead-lettered.</param>
public sealed record WriteBehindDeadLetter(
    long Id, string Target, string Key, WriteBehindOperation Operation, string? Payload, int Attempts, string? LastError, DateTimeOffset EnqueuedAt, DateTimeOffset DeadAt);
