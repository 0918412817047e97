namespace Keel;

/// <summary>
/// The ON DELETE action of a foreign key, on the foreign key property (<c>UserId</c>) or on its reference
/// navigation (<c>User</c>): <c>[OnDelete(ReferentialAction.Cascade)]</c>.
/// </summary>
/// <param name="action">What happens to this row when the referenced row is deleted.</param>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
public sealed class OnDeleteAttribute(ReferentialAction action) : Attribute
{
    /// <summary>What happens to this row when the referenced row is deleted.</summary>
    public ReferentialAction Action { get; } = action;
}
