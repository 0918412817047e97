using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Keel;

/// <summary>
/// Keel's entry point for one PostgreSQL database: a pool of connections (Npgsql's <see cref="NpgsqlDataSource"/>)
/// plus the settings every session shares. Create one per database and application, and dispose it at shutdown.
/// </summary>
public sealed class KeelDataSource : IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _npgsql;
    private readonly TransactionRunner _transactions;
    private int _waiting;
    private int _openSessions;

    private KeelDataSource(KeelConfiguration configuration, string connectionString, ILoggerFactory? loggerFactory)
    {
        Configuration = configuration;
        var builder = new NpgsqlDataSourceBuilder(connectionString) { Name = configuration.Name };
        if (loggerFactory is not null)
            builder.UseLoggerFactory(loggerFactory);
        _npgsql = builder.Build();
        Logger = loggerFactory?.CreateLogger("Keel") ?? NullLogger.Instance;
        Diagnostics = new KeelDiagnostics(configuration.NPlusOneMode, configuration.NPlusOneThreshold, Logger);
        Executor = new CommandExecutor(configuration, Logger);
        _transactions = new TransactionRunner(Logger);
    }

    /// <summary>Creates a data source with default options for a connection string.</summary>
    public static KeelDataSource Create(string connectionString) => Create(new KeelOptions { ConnectionString = connectionString });

    /// <summary>Creates a data source; the options are validated and copied, later changes to them have no effect.</summary>
    /// <exception cref="ArgumentException">An option is missing or out of range; the message names it.</exception>
    public static KeelDataSource Create(KeelOptions options) => Create(options, options?.LoggerFactory);

    internal static KeelDataSource Create(KeelOptions options, ILoggerFactory? loggerFactory)
    {
        var (configuration, connectionString) = KeelConfiguration.From(options);
        return new KeelDataSource(configuration, connectionString, loggerFactory);
    }

    /// <summary>Creates a data source from options filled by <paramref name="configure"/>.</summary>
    public static KeelDataSource Create(Action<KeelOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var options = new KeelOptions();
        configure(options);
        return Create(options);
    }

    /// <summary>N+1 detection: scopes, the detection event, the mode.</summary>
    public KeelDiagnostics Diagnostics { get; }

    /// <summary>The pool's name, as tagged in metrics.</summary>
    public string Name => Configuration.Name;

    internal KeelConfiguration Configuration { get; }

    internal CommandExecutor Executor { get; }

    internal ILogger Logger { get; }

    internal TransactionRunner Transactions => _transactions;

    /// <summary>
    /// Leases a connection from the pool and returns a session over it. Dispose the session to give the connection back
    /// (an open transaction is rolled back first).
    /// </summary>
    public ValueTask<KeelSession> OpenSessionAsync(CancellationToken cancellationToken = default)
        => OpenSessionAsync(null, cancellationToken);

    /// <summary>
    /// Leases a connection for a session acting for <paramref name="tenantId"/>: multi-tenant documents and entities read
    /// and written through it are confined to that tenant.
    /// </summary>
    public async ValueTask<KeelSession> OpenSessionAsync(string? tenantId, CancellationToken cancellationToken = default)
    {
        if (tenantId is not null && string.IsNullOrWhiteSpace(tenantId))
            throw new ArgumentException("A tenant id cannot be blank.", nameof(tenantId));
        Interlocked.Increment(ref _waiting);
        NpgsqlConnection connection;
        try
        {
            connection = await _npgsql.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e)
        {
            throw PostgresErrorTranslator.Translate(e);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }

        Interlocked.Increment(ref _openSessions);
        return new KeelSession(this, connection) { TenantId = tenantId };
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a transaction on a session of its own, retrying the whole delegate on
    /// serialization failures and deadlocks as <paramref name="options"/> says. See <see cref="KeelSession.InTransactionAsync{T}"/>.
    /// </summary>
    public async Task<T> InTransactionAsync<T>(
        Func<KeelTransaction, CancellationToken, Task<T>> work, TransactionOptions? options = null, CancellationToken cancellationToken = default)
    {
        var session = await OpenSessionAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
            return await session.InTransactionAsync(work, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="work"/> in a retried transaction on a session of its own (no result).</summary>
    public Task InTransactionAsync(
        Func<KeelTransaction, CancellationToken, Task> work, TransactionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        return InTransactionAsync(TransactionRunner.WithoutResult(work), options, cancellationToken);
    }

    /// <summary>The pool right now; see <see cref="PoolSnapshot"/> for where each number comes from.</summary>
    public PoolSnapshot GetPoolSnapshot()
    {
        var busy = 0;
        var idle = 0;
        using (var listener = new MeterListener())
        {
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "Npgsql" && instrument.Name == "db.client.connection.count")
                    l.EnableMeasurementEvents(instrument);
            };
            listener.SetMeasurementEventCallback<int>((_, value, tags, _) =>
            {
                string? pool = null;
                string? state = null;
                foreach (var tag in tags)
                {
                    if (tag.Key == "db.client.connection.pool.name")
                        pool = tag.Value as string;
                    else if (tag.Key == "db.client.connection.state")
                        state = tag.Value as string;
                }

                if (pool != Configuration.Name)
                    return;
                if (state == "idle")
                    idle = value;
                else if (state == "used")
                    busy = value;
            });
            listener.Start();
            listener.RecordObservableInstruments();
        }

        return new PoolSnapshot(busy, idle, Configuration.MaxPoolSize, Volatile.Read(ref _waiting), Volatile.Read(ref _openSessions));
    }

    internal void OnSessionClosed() => Interlocked.Decrement(ref _openSessions);

    /// <summary>Closes every pooled connection.</summary>
    public ValueTask DisposeAsync() => _npgsql.DisposeAsync();

    /// <summary>Closes every pooled connection.</summary>
    public void Dispose() => _npgsql.Dispose();
}
