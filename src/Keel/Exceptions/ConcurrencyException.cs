namespace Keel;

/// <summary>
/// An update expected a version that is no longer current: someone else wrote the document since it was read.
/// Nothing was written. Reload, reapply the change, and try again.
/// </summary>
public sealed class ConcurrencyException : KeelException
{
    /// <summary>Creates the exception.</summary>
    public ConcurrencyException(Type documentType, object id, int expectedVersion, int? actualVersion)
        : base(actualVersion is null
            ? $"{documentType?.Name} '{id}' was expected at version {expectedVersion} but no longer exists; nothing was written."
            : $"{documentType?.Name} '{id}' was expected at version {expectedVersion} but is at version {actualVersion}; nothing was written. Reload and retry.")
    {
        DocumentType = documentType!;
        Id = id;
        ExpectedVersion = expectedVersion;
        ActualVersion = actualVersion;
    }

    /// <summary>The document type.</summary>
    public Type DocumentType { get; }

    /// <summary>The document's id.</summary>
    public object Id { get; }

    /// <summary>The version the writer read.</summary>
    public int ExpectedVersion { get; }

    /// <summary>The version in the database now, or null if the document is gone.</summary>
    public int? ActualVersion { get; }
}
