namespace Keel.Embedded;

/// <summary>How to start an <see cref="EmbeddedPostgres"/> cluster.</summary>
public sealed class EmbeddedPostgresOptions
{
    /// <summary>
    /// The folder holding <c>initdb</c>, <c>postgres</c> and <c>pg_ctl</c>. When null: <c>KEEL_PG_BIN</c>, then
    /// <c>pg_config --bindir</c>, then the newest <c>/usr/lib/postgresql/*/bin</c>.
    /// </summary>
    public string? BinDirectory { get; set; }

    /// <summary>The parent folder for cluster directories. Default: <c>$TMPDIR/keel-embedded</c>.</summary>
    public string? RootDirectory { get; set; }

    /// <summary>A fixed port; default null picks a free loopback port.</summary>
    public int? Port { get; set; }

    /// <summary><c>max_connections</c>. Default 200.</summary>
    public int MaxConnections { get; set; } = 200;

    /// <summary><c>max_prepared_transactions</c>, needed for two-phase commit. Default 0 (off).</summary>
    public int MaxPreparedTransactions { get; set; }

    /// <summary><c>wal_level</c>: <c>replica</c> (default, allows streaming replicas) or <c>logical</c> (logical decoding).</summary>
    public string WalLevel { get; set; } = "replica";

    /// <summary><c>shared_preload_libraries</c>, e.g. <c>pg_stat_statements</c>.</summary>
    public IList<string> SharedPreloadLibraries { get; } = [];

    /// <summary>Any other server settings, passed as <c>-c name=value</c>.</summary>
    public IDictionary<string, string> Settings { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// Trade durability for speed (<c>fsync=off</c>, <c>synchronous_commit=off</c>, <c>full_page_writes=off</c>).
    /// Default true: the cluster is thrown away anyway.
    /// </summary>
    public bool Fast { get; set; } = true;

    /// <summary>How long to wait for the server to accept connections. Default 60 s.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The superuser name. Default <c>postgres</c>.</summary>
    public string User { get; set; } = "postgres";
}
