namespace Keel;

/// <summary>Marks a C# migration with its version and description: <c>[Migration(2, "Add posts")]</c>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class MigrationAttribute(long version, string description) : Attribute
{
    /// <summary>The version; SQL and C# migrations share one ordered sequence.</summary>
    public long Version { get; } = version;

    /// <summary>What the migration does.</summary>
    public string Description { get; } = description;

    /// <summary>Overrides the run's transaction mode for this migration (e.g. <see cref="MigrationTransaction.None"/>).</summary>
    public MigrationTransaction Transaction { get; init; } = MigrationTransaction.Each;

    /// <summary>True when <see cref="Transaction"/> was set explicitly.</summary>
    internal bool HasTransactionOverride => Transaction != MigrationTransaction.Each;

    /// <summary><c>lock_timeout</c> for this migration in milliseconds; 0 keeps the run's default.</summary>
    public int LockTimeoutMilliseconds { get; init; }
}
