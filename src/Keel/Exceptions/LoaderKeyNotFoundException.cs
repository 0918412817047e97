namespace Keel;

/// <summary>
/// <see cref="DataLoader{TKey, T}.LoadRequiredAsync"/> asked for a key the batch function returned no value for (the row
/// does not exist, or the query filtered it out). Use <see cref="DataLoader{TKey, T}.LoadAsync"/> where absence is expected.
/// </summary>
public sealed class LoaderKeyNotFoundException : KeelException
{
    /// <summary>Creates the exception.</summary>
    public LoaderKeyNotFoundException(Type valueType, object key)
        : base($"No {valueType?.Name} was loaded for key '{key}': the batch function returned nothing for it. " +
               "Check that the row exists, or use LoadAsync and handle null.")
    {
        ValueType = valueType!;
        Key = key;
    }

    /// <summary>The loaded type.</summary>
    public Type ValueType { get; }

    /// <summary>The key that was not found.</summary>
    public object Key { get; }
}
