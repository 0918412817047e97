using Microsoft.Extensions.Logging;

namespace Keel;

/// <summary>
/// Settings for a <see cref="KeelDataSource"/>. Mutable so that configuration binding and
/// <c>services.AddKeel(o => ...)</c> can fill it; <see cref="KeelDataSource.Create(KeelOptions)"/> validates
/// it and takes an immutable snapshot, so later changes to this object have no effect.
/// </summary>
public sealed class KeelOptions
{
    /// <summary>The Npgsql connection string (host, port, database, user, password…). Required.</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>A name for the pool, shown in Npgsql's and Keel's metrics. Defaults to <c>keel-N</c>, unique in the process.</summary>
    public string? Name { get; set; }

    /// <summary>Most physical connections the pool opens. Default 100 (Npgsql's). See <see cref="PoolSizing.Recommend"/>.</summary>
    public int MaxPoolSize { get; set; } = 100;

    /// <summary>Connections the pool keeps open even when idle. Default 0.</summary>
    public int MinPoolSize { get; set; }

    /// <summary>An idle connection above <see cref="MinPoolSize"/> is closed after this long. Default 5 minutes.</summary>
    public TimeSpan ConnectionIdleLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A connection is closed (when returned) once it is this old; zero means no limit. Useful behind load balancers.</summary>
    public TimeSpan ConnectionLifetime { get; set; } = TimeSpan.Zero;

    /// <summary>How long opening a session waits for a free pooled connection (or a new one) before failing. Default 15 s.</summary>
    public TimeSpan AcquireTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Default time a command may run before the client cancels it. Default 30 s; zero means no limit.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Sent as <c>application_name</c>; visible in <c>pg_stat_activity</c>. Default <c>keel</c>.</summary>
    public string ApplicationName { get; set; } = "keel";

    /// <summary>Where Keel (and Npgsql) log. Optional.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>Commands slower than this are logged as warnings with parameters redacted. Null disables. Default 500 ms.</summary>
    public TimeSpan? SlowCommandThreshold { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Put parameter values in trace spans and slow-command logs. Off by default: values may be personal data
    /// or secrets. Turn on only where logs are as protected as the database.
    /// </summary>
    public bool IncludeParameterValues { get; set; }

    /// <summary>
    /// How many statements per connection Npgsql prepares automatically (server-side prepared statements,
    /// the main speed lever for repeated queries). Default 256; set 0 behind a pooler that cannot carry
    /// prepared statements (PgBouncer in transaction mode before 1.21).
    /// </summary>
    public int MaxAutoPrepare { get; set; } = 256;

    /// <summary>How many times a statement runs on a connection before it is prepared automatically. Default 2.</summary>
    public int AutoPrepareMinUsages { get; set; } = 2;

    /// <summary>What happens when one SQL shape runs too often in a session or diagnostics scope. Default <see cref="NPlusOneMode.Warn"/>.</summary>
    public NPlusOneMode NPlusOneMode { get; set; } = NPlusOneMode.Warn;

    /// <summary>Distinct executions of one shape allowed in a scope before it counts as N+1. Default 5.</summary>
    public int NPlusOneThreshold { get; set; } = 5;

    /// <summary>The retry policy <c>InTransactionAsync</c> uses when its caller passes none.</summary>
    public TransactionOptions DefaultTransactionOptions { get; set; } = TransactionOptions.Default;
}
