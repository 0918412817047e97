namespace Keel;

/// <summary>A write addressed a document that does not exist (or belongs to another tenant, or is soft-deleted); nothing was written.</summary>
public sealed class DocumentNotFoundException : KeelException
{
    /// <summary>Creates the exception.</summary>
    public DocumentNotFoundException(Type documentType, object id)
        : base($"No {documentType?.Name} with id '{id}' exists; nothing was written.")
    {
        DocumentType = documentType!;
        Id = id;
    }

    /// <summary>The document type.</summary>
    public Type DocumentType { get; }

    /// <summary>The id that was not found.</summary>
    public object Id { get; }
}
