namespace Keel;

/// <summary>
/// Marks a column whose values must not leave the database by side channels: its values are never written into
/// keyset cursors (ordering a page by it is refused), and its parameters stay redacted in logs and traces even
/// when <see cref="KeelOptions.IncludeParameterValues"/> is on.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
public sealed class SensitiveAttribute : Attribute
{
}
