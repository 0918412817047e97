using System.Reflection;
using Microsoft.Extensions.Logging;

namespace Keel;

/// <summary>Where migrations come from and how they run.</summary>
public sealed record MigrationOptions
{
    /// <summary>The folder of SQL migrations (<c>V001__name.sql</c>, <c>U001__name.sql</c>, <c>R__name.sql</c>).</summary>
    public string? Directory { get; init; }

    /// <summary>Assemblies scanned for C# migrations (<c>[Migration(...)]</c> classes).</summary>
    public IReadOnlyList<Assembly> Assemblies { get; init; } = [];

    /// <summary>Individual C# migration types, for when an assembly holds migrations of several databases.</summary>
    public IReadOnlyList<Type> Types { get; init; } = [];

    /// <summary>The transaction mode of the run; a migration may override it. Default <see cref="MigrationTransaction.Each"/>.</summary>
    public MigrationTransaction Mode { get; init; } = MigrationTransaction.Each;

    /// <summary><c>lock_timeout</c> per migration (or per statement in mode none). Default 5 s; null leaves the server's.</summary>
    public TimeSpan? LockTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary><c>statement_timeout</c> per migration. Default null (the server's).</summary>
    public TimeSpan? StatementTimeout { get; init; }

    /// <summary>How many times a migration (or, in mode none, a statement) is retried after a lock timeout. Default 3.</summary>
    public int LockTimeoutRetries { get; init; } = 3;

    /// <summary>The first delay before such a retry; it doubles, with jitter. Default 1 s.</summary>
    public TimeSpan LockTimeoutRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long to wait for another runner's lock; null fails at once (<see cref="MigrationLockException"/>). Default 30 s.</summary>
    public TimeSpan? WaitForOtherRunner { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The environment; in <c>Production</c>, error-level lint findings block <c>up</c> unless <see cref="AllowLintErrors"/>.</summary>
    public string Environment { get; init; } = System.Environment.GetEnvironmentVariable("KEEL_ENVIRONMENT")
        ?? System.Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? System.Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? "Development";

    /// <summary>The operator's explicit permission to run migrations with error-level lint findings in Production.</summary>
    public bool AllowLintErrors { get; init; }

    /// <summary>The schema of the history table <c>keel_schema_history</c>. Default <c>public</c>.</summary>
    public string HistorySchema { get; init; } = "public";

    /// <summary>Recorded in the history's <c>installed_by</c>. Default: the OS user.</summary>
    public string InstalledBy { get; init; } = System.Environment.UserName;

    /// <summary>Where the runner logs progress, lock waits and blockers.</summary>
    public ILogger? Logger { get; init; }

    internal bool IsProduction => string.Equals(Environment, "Production", StringComparison.OrdinalIgnoreCase);
}
