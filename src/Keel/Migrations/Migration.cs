namespace Keel;

/// <summary>
/// A migration written in C#: <c>[Migration(2, "Add posts")] sealed class AddPosts : Migration { ... }</c>.
/// Override <see cref="Down"/> to make it reversible.
/// </summary>
public abstract class Migration
{
    /// <summary>Applies the change.</summary>
    public abstract Task Up(MigrationContext context);

    /// <summary>Reverts the change. Not overridden means the migration cannot be rolled back.</summary>
    public virtual Task Down(MigrationContext context)
        => throw new NotSupportedException($"{GetType().Name} has no Down.");

    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "Down is a virtual of this base type; the trimmer keeps the overrides of kept virtual methods.")]
    internal bool HasDown => GetType().GetMethod(nameof(Down))!.DeclaringType != typeof(Migration);
}
