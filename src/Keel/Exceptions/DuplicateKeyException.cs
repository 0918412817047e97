namespace Keel;

/// <summary>A document with the same id (in the same tenant) already exists; nothing was written.</summary>
public sealed class DuplicateKeyException : KeelException
{
    /// <summary>Creates the exception.</summary>
    public DuplicateKeyException(Type documentType, object id, UniqueViolationException innerException)
        : base($"A {documentType?.Name} with id '{id}' already exists; nothing was written. Use UpsertAsync to overwrite.", innerException)
    {
        DocumentType = documentType!;
        Id = id;
    }

    /// <summary>The document type.</summary>
    public Type DocumentType { get; }

    /// <summary>The duplicated id.</summary>
    public object Id { get; }
}
