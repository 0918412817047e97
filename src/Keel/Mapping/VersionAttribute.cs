namespace Keel;

/// <summary>
/// Marks the <see cref="int"/> property that versions a row: inserts write 1, every update adds 1, and an update or
/// delete of a loaded entity only succeeds while the row is still at the version read (else
/// <see cref="ConcurrencyException"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
public sealed class VersionAttribute : Attribute
{
}
