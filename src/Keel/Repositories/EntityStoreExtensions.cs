namespace Keel;

/// <summary>Adds <c>keel.Entities</c> to a data source without the connection layer knowing about entities.</summary>
public static class EntityStoreExtensions
{
    extension(KeelDataSource keel)
    {
        /// <summary>The entity types mapped on this data source.</summary>
        public EntityStore Entities => EntityStore.Of(keel);
    }
}
