using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Keel;

/// <summary>A target's apply function, typed: it deserializes the queued payload and hands the write over.</summary>
internal sealed class WriteBehindTarget<T>(JsonTypeInfo<T> typeInfo, Func<KeelTransaction, WriteBehindWrite<T>, CancellationToken, Task> apply) : IWriteBehindTarget
{
    public Task ApplyAsync(KeelTransaction transaction, WriteBehindRow row, CancellationToken cancellationToken)
    {
        var value = row.Kind == WriteBehindOperation.Upsert && row.Payload is not null ? JsonSerializer.Deserialize(row.Payload, typeInfo) : default;
        return apply(transaction, new WriteBehindWrite<T>(row.Id, row.Target, row.Key, row.Kind, value, row.Attempts, row.EnqueuedAt), cancellationToken);
    }
}
