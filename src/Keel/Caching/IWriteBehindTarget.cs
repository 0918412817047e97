namespace Keel;

/// <summary>What the worker calls for one claimed row, whatever the target's value type.</summary>
internal interface IWriteBehindTarget
{
    Task ApplyAsync(KeelTransaction transaction, WriteBehindRow row, CancellationToken cancellationToken);
}
