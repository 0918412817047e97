namespace Keel;

/// <summary>A write addressed an entity that does not exist (or is soft-deleted); nothing was written.</summary>
public sealed class EntityNotFoundException : KeelException
{
    /// <summary>Creates the exception.</summary>
    public EntityNotFoundException(Type entityType, object id)
        : base($"No {entityType?.Name} with key '{id}' exists; nothing was written. Load it again, or insert it.")
    {
        EntityType = entityType!;
        Id = id;
    }

    /// <summary>The entity type.</summary>
    public Type EntityType { get; }

    /// <summary>The key that was not found.</summary>
    public object Id { get; }
}
