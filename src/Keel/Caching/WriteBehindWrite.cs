namespace Keel;

/// <summary>One queued write handed to a target's apply function.</summary>
/// <param name="Id">The queue row's id: unique, increasing in enqueue order (an idempotency key if you want one).</param>
/// <param name="Target">The target the write was queued for.</param>
/// <param name="Key">The key within the target.</param>
/// <param name="Operation">Upsert or delete.</param>
/// <param name="Value">The value for an upsert; <c>default</c> for a delete.</param>
/// <param name="Attempts">Earlier failed attempts at this write.</param>
/// <param name="EnqueuedAt">When the write was queued.</param>
public sealed record WriteBehindWrite<T>(long Id, string Target, string Key, WriteBehindOperation Operation, T? Value, int Attempts, DateTimeOffset EnqueuedAt)
{
    /// <summary>True for a delete.</summary>
    public bool IsDelete => Operation == WriteBehindOperation.Delete;
}
