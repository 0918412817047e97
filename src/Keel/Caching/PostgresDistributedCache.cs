using Microsoft.Extensions.Caching.Distributed;

namespace Keel;

/// <summary>
/// An <see cref="IDistributedCache"/> in a PostgreSQL UNLOGGED table: L2 with no infrastructure beyond the database.
/// UNLOGGED skips the write-ahead log (fast writes, no replication); the table is emptied after a crash, which a cache
/// can afford. Every command goes through Keel's sessions. A background sweeper deletes expired rows in bounded batches.
/// </summary>
/// <remarks>
/// Expiry is computed with <see cref="PostgresDistributedCacheOptions.TimeProvider"/> and passed as parameters, so
/// readers and writers on every node agree as far as their clocks do.
/// </remarks>
public sealed class PostgresDistributedCache : IDistributedCache, IAsyncDisposable, IDisposable
{
    private readonly KeelDataSource _keel;
    private readonly TimeProvider _time;
    private readonly Sql _table;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sweeper;
    private int _disposed;

    /// <summary>A cache over <paramref name="keel"/>; the table must exist (<see cref="EnsureSchemaAsync"/> or a migration with <see cref="SchemaSql"/>).</summary>
    /// <exception cref="ArgumentException">An option is out of range or the table name is not a valid identifier.</exception>
    public PostgresDistributedCache(KeelDataSource keel, PostgresDistributedCacheOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(keel);
        options ??= new PostgresDistributedCacheOptions();
        options.Validate();
        _keel = keel;
        Options = options;
        _time = options.TimeProvider;
        _table = Sql.Identifier(options.Schema, options.Table);
        _sweeper = options.SweepInterval is { } interval ? SweepPeriodicallyAsync(interval) : Task.CompletedTask;
    }

    /// <summary>The options in force.</summary>
    public PostgresDistributedCacheOptions Options { get; }

    /// <summary>
    /// The idempotent DDL for the table and its expiry index, one statement per line, for your migrations:
    /// <c>CREATE UNLOGGED TABLE IF NOT EXISTS "public"."keel_cache" (key text PRIMARY KEY, value bytea NOT NULL, expires_at timestamptz, sliding interval, absolute_expires_at timestamptz)</c>.
    /// </summary>
    public string SchemaSql
    {
        get
        {
            var schema = Options.Schema == "public" ? string.Empty : $"CREATE SCHEMA IF NOT EXISTS {SqlIdentifiers.Quote(Options.Schema)};\n";
            var index = CacheSchema.IndexName(Options.Table, "_expires_idx");
            return schema
                + $"CREATE UNLOGGED TABLE IF NOT EXISTS {_table.Text} (key text PRIMARY KEY, value bytea NOT NULL, expires_at timestamptz, sliding interval, absolute_expires_at timestamptz);\n"
                + $"CREATE INDEX IF NOT EXISTS {index} ON {_table.Text} (expires_at) WHERE expires_at IS NOT NULL;";
        }
    }

    /// <summary>Runs <see cref="SchemaSql"/>: for development and tests; production runs it as a migration.</summary>
    public Task EnsureSchemaAsync(CancellationToken cancellationToken = default)
        => CacheSchema.RunAsync(_keel, SchemaSql, cancellationToken);

    /// <summary>
    /// The value, or null when absent or expired; a sliding entry's expiry moves forward in the same statement:
    /// <c>WITH hit AS (SELECT … WHERE key = $1 AND (expires_at IS NULL OR expires_at &gt; $2)), touch AS (UPDATE … FROM hit WHERE hit.sliding IS NOT NULL) SELECT value FROM hit</c>.
    /// </summary>
    public async Task<byte[]?> GetAsync(string key, CancellationToken token = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var now = _time.GetUtcNow();
        return await RunAsync((session, ct) => session.ScalarAsync<byte[]>(
            $"WITH hit AS (SELECT value, sliding, absolute_expires_at FROM {_table} WHERE key = {key} AND (expires_at IS NULL OR expires_at > {now})), touch AS (UPDATE {_table} AS t SET expires_at = LEAST({now} + hit.sliding, hit.absolute_expires_at) FROM hit WHERE t.key = {key} AND hit.sliding IS NOT NULL) SELECT value FROM hit",
            ct), token).ConfigureAwait(false);
    }

    /// <summary>
    /// Inserts or replaces the entry: <c>INSERT … ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, …</c>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The absolute expiration is already past; nothing was written.</exception>
    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(options);
        var now = _time.GetUtcNow();
        DateTimeOffset? absolute = options.AbsoluteExpiration ?? (options.AbsoluteExpirationRelativeToNow is { } relative ? now + relative : null);
        if (absolute is { } a && a <= now)
            throw new ArgumentOutOfRangeException(nameof(options), a, "The absolute expiration is already past; nothing was cached.");
        if (options.SlidingExpiration is { } s && s <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(options), s, "The sliding expiration must be positive.");
        var sliding = options.SlidingExpiration;
        DateTimeOffset? expires = sliding is { } slide ? (absolute is { } abs && abs < now + slide ? abs : now + slide) : absolute;
        return RunAsync((session, ct) => session.ExecuteAsync(
            $"INSERT INTO {_table} (key, value, expires_at, sliding, absolute_expires_at) VALUES ({key}, {value}, {expires}, {sliding}, {absolute}) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, expires_at = EXCLUDED.expires_at, sliding = EXCLUDED.sliding, absolute_expires_at = EXCLUDED.absolute_expires_at",
            ct), token);
    }

    /// <summary>Moves a live sliding entry's expiry forward (never past its absolute expiry); does nothing to others.</summary>
    public Task RefreshAsync(string key, CancellationToken token = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var now = _time.GetUtcNow();
        return RunAsync((session, ct) => session.ExecuteAsync(
            $"UPDATE {_table} SET expires_at = LEAST({now} + sliding, absolute_expires_at) WHERE key = {key} AND sliding IS NOT NULL AND expires_at > {now}", ct), token);
    }

    /// <summary>Deletes the entry: <c>DELETE FROM … WHERE key = $1</c>.</summary>
    public Task RemoveAsync(string key, CancellationToken token = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return RunAsync((session, ct) => session.ExecuteAsync($"DELETE FROM {_table} WHERE key = {key}", ct), token);
    }

    /// <summary>
    /// Deletes expired rows, at most <see cref="PostgresDistributedCacheOptions.SweepBatchSize"/> per statement and
    /// <see cref="PostgresDistributedCacheOptions.SweepMaxBatches"/> statements per call, skipping rows another session
    /// holds locked. Returns how many rows went.
    /// </summary>
    public async Task<long> SweepAsync(CancellationToken cancellationToken = default)
    {
        long total = 0;
        var session = await _keel.OpenSessionAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            for (var batch = 0; batch < Options.SweepMaxBatches; batch++)
            {
                var now = _time.GetUtcNow();
                var deleted = await session.ExecuteAsync(
                    $"DELETE FROM {_table} WHERE key IN (SELECT key FROM {_table} WHERE expires_at <= {now} LIMIT {Options.SweepBatchSize} FOR UPDATE SKIP LOCKED)",
                    cancellationToken).ConfigureAwait(false);
                total += deleted;
                if (deleted < Options.SweepBatchSize)
                    break;
            }
        }

        return total;
    }

    /// <summary>Blocks on <see cref="GetAsync"/> on a pool thread; prefer the async method.</summary>
    public byte[]? Get(string key) => Block(ct => GetAsync(key, ct));

    /// <summary>Blocks on <see cref="SetAsync"/> on a pool thread; prefer the async method.</summary>
    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => Block(ct => SetAsync(key, value, options, ct));

    /// <summary>Blocks on <see cref="RefreshAsync"/> on a pool thread; prefer the async method.</summary>
    public void Refresh(string key) => Block(ct => RefreshAsync(key, ct));

    /// <summary>Blocks on <see cref="RemoveAsync"/> on a pool thread; prefer the async method.</summary>
    public void Remove(string key) => Block(ct => RemoveAsync(key, ct));

    /// <summary>Stops the sweeper and waits for a sweep in progress to end. The data source is not disposed.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        await _stop.CancelAsync().ConfigureAwait(false);
        await _sweeper.ConfigureAwait(false);
        _stop.Dispose();
    }

    /// <summary>Stops the sweeper; see <see cref="DisposeAsync"/>.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task<T> RunAsync<T>(Func<KeelSession, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        var session = await _keel.OpenSessionAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
            return await work(session, cancellationToken).ConfigureAwait(false);
    }

    private async Task RunAsync(Func<KeelSession, CancellationToken, Task<int>> work, CancellationToken cancellationToken)
        => await RunAsync<int>(work, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// The sync members of <see cref="IDistributedCache"/>: Keel's sessions are async only, so the work runs on a pool
    /// thread (never on a caller's synchronization context, which could deadlock) and the caller's thread waits.
    /// </summary>
    private static T Block<T>(Func<CancellationToken, Task<T>> work) => Task.Run(() => work(CancellationToken.None)).GetAwaiter().GetResult();

    private static void Block(Func<CancellationToken, Task> work) => Task.Run(() => work(CancellationToken.None)).GetAwaiter().GetResult();

    private async Task SweepPeriodicallyAsync(TimeSpan interval)
    {
        // Yield first: the constructor must not run any of the loop.
        await Task.Yield();
        using var timer = new PeriodicTimer(interval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                try
                {
                    await SweepAsync(_stop.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (!_stop.IsCancellationRequested)
                {
                    KeelLog.CacheSweepFailed(_keel.Logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Disposed.
        }
    }
}
