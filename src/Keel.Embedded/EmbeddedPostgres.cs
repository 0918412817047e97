using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Keel.Embedded;

/// <summary>
/// A throw-away PostgreSQL cluster started from the machine's own server binaries: <c>initdb</c> into a fresh
/// directory, <c>postgres</c> on a free loopback port with its socket inside that directory. As root, the
/// server runs as the <c>postgres</c> system user (PostgreSQL refuses root). Dispose to stop it and delete the
/// directory; a cluster left behind by a killed process is cleaned up by the next start.
/// </summary>
public sealed partial class EmbeddedPostgres : IPostgresServer
{
    private const string OwnerFile = "keel-owner.pid";
    private readonly string _binDirectory;
    private readonly string? _runAs;
    private Process? _server;
    private bool _disposed;

    private EmbeddedPostgres(string binDirectory, string directory, int port, string user, string? runAs)
    {
        _binDirectory = binDirectory;
        Directory = directory;
        Port = port;
        User = user;
        _runAs = runAs;
        ConnectionString = ConnectionStringFor("postgres");
    }

    /// <summary>The cluster's own directory (data in <c>data/</c>, the unix socket and logs beside it).</summary>
    public string Directory { get; }

    /// <summary>The data directory.</summary>
    public string DataDirectory => Path.Combine(Directory, "data");

    /// <summary>The loopback TCP port the server listens on.</summary>
    public int Port { get; }

    /// <summary>The superuser name.</summary>
    public string User { get; }

    /// <summary>The folder of the server binaries used.</summary>
    public string BinDirectory => _binDirectory;

    /// <inheritdoc />
    public string ConnectionString { get; }

    /// <summary>The server's log file.</summary>
    public string LogFile => Path.Combine(Directory, "postgres.log");

    /// <inheritdoc />
    public string ConnectionStringFor(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = User,
        Database = database,
        Pooling = false,
        Timeout = 30,
    }.ConnectionString;

    /// <summary>Initializes and starts a new cluster.</summary>
    /// <exception cref="PostgresBinariesNotFoundException">No server binaries were found.</exception>
    /// <exception cref="EmbeddedPostgresException">initdb or postgres failed; the message holds their output.</exception>
    public static async Task<EmbeddedPostgres> StartAsync(EmbeddedPostgresOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new EmbeddedPostgresOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConnections, 1, nameof(options.MaxConnections));
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxPreparedTransactions, nameof(options.MaxPreparedTransactions));
        var binDirectory = PostgresBinaries.Find(options.BinDirectory);
        var root = Path.GetFullPath(options.RootDirectory ?? Path.Combine(Path.GetTempPath(), "keel-embedded"));
        if (root.Contains('\'', StringComparison.Ordinal))
            throw new ArgumentException($"The cluster root '{root}' contains a single quote, which the cleanup script cannot carry; choose another folder.", nameof(options));
        System.IO.Directory.CreateDirectory(root);
        await StaleClusters.CleanAsync(root, cancellationToken).ConfigureAwait(false);

        var runAs = SystemUser.IsRoot() ? "postgres" : null;
        if (runAs is not null)
            SystemUser.AllowTraverse(root);

        // A free port can be taken between probing and binding; a bind failure gets a new port and another try.
        for (var attempt = 1; ; attempt++)
        {
            var port = options.Port ?? FreePort();
            var directory = Path.Combine(root, $"pg-{Environment.ProcessId}-{Guid.NewGuid():N}"[..32]);
            System.IO.Directory.CreateDirectory(directory);
            await File.WriteAllTextAsync(Path.Combine(directory, OwnerFile), Environment.ProcessId.ToString(CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
            if (runAs is not null)
                await SystemUser.ChownAsync(directory, runAs, cancellationToken).ConfigureAwait(false);

            var server = new EmbeddedPostgres(binDirectory, directory, port, options.User, runAs);
            try
            {
                await server.InitAsync(options, cancellationToken).ConfigureAwait(false);
                await server.LaunchAsync(options, cancellationToken).ConfigureAwait(false);
                return server;
            }
            catch (EmbeddedPostgresException e) when (attempt < 3 && options.Port is null && e.Message.Contains("could not bind", StringComparison.OrdinalIgnoreCase))
            {
                await server.DisposeAsync().ConfigureAwait(false);
            }
            catch
            {
                await server.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
    }

    /// <inheritdoc />
    public async Task CreateDatabaseAsync(string name, string? template = null, CancellationToken cancellationToken = default)
    {
        var sql = "CREATE DATABASE " + QuoteIdentifier(name) + (template is null ? string.Empty : " TEMPLATE " + QuoteIdentifier(template));
        await AdminCommand.ExecuteAsync(ConnectionString, sql, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task DropDatabaseAsync(string name, CancellationToken cancellationToken = default)
        => AdminCommand.ExecuteAsync(ConnectionString, "DROP DATABASE IF EXISTS " + QuoteIdentifier(name) + " WITH (FORCE)", cancellationToken);

    /// <summary>Stops the server (fast shutdown: connections are ended, nothing waits) and deletes its directory.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
            return;
        _disposed = true;
        NpgsqlConnection.ClearAllPools();
        if (_server is not null)
        {
            if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
                await RunAsync("pg_ctl", ["-D", DataDirectory, "-m", "fast", "-w", "-t", "30", "stop"], throwOnError: false, CancellationToken.None).ConfigureAwait(false);
            if (!_server.HasExited)
            {
                _server.Kill(entireProcessTree: true);
                await _server.WaitForExitAsync().ConfigureAwait(false);
            }

            _server.Dispose();
        }

        // The watchdog notices the directory is gone and ends within a second.
        TryDelete(Directory);
    }

    internal static string QuoteIdentifier(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.Contains('\0', StringComparison.Ordinal) || System.Text.Encoding.UTF8.GetByteCount(name) > 63)
            throw new ArgumentException($"'{name}' is not a valid database name (NUL byte or longer than 63 bytes).", nameof(name));
        return "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    internal static void TryDelete(string directory)
    {
        try
        {
            if (System.IO.Directory.Exists(directory))
                System.IO.Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open (a log being flushed by an exiting process): the next start sweeps it.
        }
        catch (UnauthorizedAccessException)
        {
            // Same: left for the next sweep.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
