namespace Keel;

/// <summary>Adds <c>keel.Documents</c> to a data source without the connection layer knowing about documents.</summary>
public static class DocumentStoreExtensions
{
    extension(KeelDataSource keel)
    {
        /// <summary>The document types registered on this data source.</summary>
        public DocumentStore Documents => DocumentStore.Of(keel);
    }
}
