namespace Keel;

/// <summary>
/// Stores a property of an object type in a <c>jsonb</c> column, serialized with the entity's JSON options
/// (e.g. a user's preferences). Without it, a property of a class type is a navigation to another entity.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
public sealed class JsonbAttribute : Attribute
{
}
