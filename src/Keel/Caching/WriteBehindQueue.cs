using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Keel;

/// <summary>
/// The producer side of durable write-behind: a write is recorded in a PostgreSQL queue table — in the caller's
/// transaction, or in a short one of its own — and is acknowledged once that commits; a <see cref="WriteBehindWorker"/>
/// applies it to its target later. With <see cref="WriteBehindOptions.Cache"/>, the value is written to the cache on
/// commit, so readers see it before it is applied. Thread-safe; make one per queue table and share it.
/// </summary>
/// <remarks>
/// Writes to one key are serialized by a transaction-scoped advisory lock taken by the enqueue, so their queue order is
/// their commit order and the worker applies them in it. Two transactions that enqueue the same keys in opposite orders
/// can deadlock like any two row writers; <see cref="KeelDataSource.InTransactionAsync(Func{KeelTransaction, CancellationToken, Task}, TransactionOptions?, CancellationToken)"/> retries that.
/// </remarks>
public sealed partial class WriteBehindQueue
{
    private readonly KeelDataSource _keel;
    private readonly JsonSerializerOptions _json;
    private readonly TimeProvider _time;
    private readonly KeyValuePair<string, object?> _queueTag;

    /// <summary>A queue over <paramref name="keel"/>; the table must exist (<see cref="EnsureSchemaAsync"/> or a migration with <see cref="SchemaSql"/>).</summary>
    /// <exception cref="ArgumentException">An option is out of range or the table name is not a valid identifier.</exception>
    public WriteBehindQueue(KeelDataSource keel, WriteBehindOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(keel);
        options ??= new WriteBehindOptions();
        options.Validate();
        _keel = keel;
        Options = options;
        _json = JsonMembers.Prepare(options.SerializerOptions);
        _time = options.TimeProvider;
        Table = Sql.Identifier(options.Schema, options.Table);
        _queueTag = new KeyValuePair<string, object?>("queue", options.Name);
    }

    /// <summary>The options in force.</summary>
    public WriteBehindOptions Options { get; }

    internal KeelDataSource DataSource => _keel;

    internal Sql Table { get; }

    internal KeyValuePair<string, object?> QueueTag => _queueTag;

    internal JsonSerializerOptions Json => _json;

    internal TimeProvider Time => _time;

    /// <summary>
    /// The idempotent DDL for the queue table and its two indexes, one statement per line, for your migrations:
    /// <c>CREATE TABLE IF NOT EXISTS "public"."keel_write_behind" (id bigserial PRIMARY KEY, target text NOT NULL, key text NOT NULL, operation text NOT NULL, payload jsonb, enqueued_at timestamptz NOT NULL, available_at timestamptz NOT NULL, attempts integer NOT NULL DEFAULT 0, last_error text, dead_at timestamptz)</c>.
    /// </summary>
    public string SchemaSql
    {
        get
        {
            var schema = Options.Schema == "public" ? string.Empty : $"CREATE SCHEMA IF NOT EXISTS {SqlIdentifiers.Quote(Options.Schema)};\n";
            var keyIndex = CacheSchema.IndexName(Options.Table, "_key_idx");
            var readyIndex = CacheSchema.IndexName(Options.Table, "_ready_idx");
            return schema
                + $"CREATE TABLE IF NOT EXISTS {Table.Text} (id bigserial PRIMARY KEY, target text NOT NULL, key text NOT NULL, operation text NOT NULL CHECK (operation IN ('upsert', 'delete')), payload jsonb, enqueued_at timestamptz NOT NULL, available_at timestamptz NOT NULL, attempts integer NOT NULL DEFAULT 0, last_error text, dead_at timestamptz);\n"
                + $"CREATE INDEX IF NOT EXISTS {keyIndex} ON {Table.Text} (target, key, id);\n"
                + $"CREATE INDEX IF NOT EXISTS {readyIndex} ON {Table.Text} (id) WHERE dead_at IS NULL;";
        }
    }

    /// <summary>Runs <see cref="SchemaSql"/>: for development and tests; production runs it as a migration.</summary>
    public Task EnsureSchemaAsync(CancellationToken cancellationToken = default)
        => CacheSchema.RunAsync(_keel, SchemaSql, cancellationToken);

    /// <summary>
    /// Queues an upsert of <paramref name="value"/> under <paramref name="target"/>/<paramref name="key"/> in
    /// <paramref name="executor"/>'s transaction (a session without one gets a short transaction of its own) and returns
    /// the queue id. The write is durable when that transaction commits; the cache gets the value then, and a rollback
    /// leaves queue and cache untouched.
    /// </summary>
    /// <exception cref="ArgumentException">The target or key is blank, too long or holds control characters; nothing was queued.</exception>
    /// <exception cref="CachePayloadTooLargeException">The value is over the cache's payload limit; nothing was queued.</exception>
    public Task<long> EnqueueAsync<T>(SqlExecutor executor, string target, string key, T value, CancellationToken cancellationToken = default)
        => EnqueueAsync(executor, target, key, value, TypeInfo<T>(), cancellationToken);

    /// <summary>Queues an upsert serialized with <paramref name="typeInfo"/> (trimming-safe). See the other overload.</summary>
    public Task<long> EnqueueAsync<T>(SqlExecutor executor, string target, string key, T value, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(executor);
        ArgumentNullException.ThrowIfNull(typeInfo);
        Validate(target, key);
        var payload = JsonSerializer.Serialize(value, typeInfo);
        return InTransactionAsync(executor, tx =>
        {
            if (Options.Cache is { } cache)
                cache.SetAfterCommit(tx, Options.CacheKey(target, key), value, typeInfo, Options.CacheEntryOptions);
            return InsertAsync(tx, target, key, WriteBehindRow.Upsert, payload, cancellationToken);
        }, cancellationToken);
    }

    /// <summary>Queues an upsert in a short transaction of its own. See <see cref="EnqueueAsync{T}(SqlExecutor, string, string, T, CancellationToken)"/>.</summary>
    public Task<long> EnqueueAsync<T>(string target, string key, T value, CancellationToken cancellationToken = default)
        => OnSessionAsync(session => EnqueueAsync(session, target, key, value, cancellationToken), cancellationToken);

    /// <summary>
    /// Queues a delete of <paramref name="target"/>/<paramref name="key"/> in <paramref name="executor"/>'s transaction;
    /// the cache key is removed when it commits.
    /// </summary>
    /// <exception cref="ArgumentException">The target or key is invalid; nothing was queued.</exception>
    public Task<long> EnqueueDeleteAsync(SqlExecutor executor, string target, string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(executor);
        Validate(target, key);
        return InTransactionAsync(executor, tx =>
        {
            Options.Cache?.RemoveAfterCommit(tx, Options.CacheKey(target, key));
            return InsertAsync(tx, target, key, WriteBehindRow.Delete, null, cancellationToken);
        }, cancellationToken);
    }

    /// <summary>Queues a delete in a short transaction of its own.</summary>
    public Task<long> EnqueueDeleteAsync(string target, string key, CancellationToken cancellationToken = default)
        => OnSessionAsync(session => EnqueueDeleteAsync(session, target, key, cancellationToken), cancellationToken);

    /// <summary>
    /// Reads a key the way write-behind readers must: through the cache when there is one, and on a miss the newest
    /// queued write for the key (pending or dead-lettered: not applied yet) wins over <paramref name="loadApplied"/>,
    /// which reads the target table. Queue and table are read in one REPEATABLE READ snapshot, so a write is seen
    /// either queued or applied, never neither. A queued delete reads as <c>default</c>.
    /// </summary>
    public Task<T> ReadAsync<T>(string target, string key, Func<SqlExecutor, CancellationToken, Task<T>> loadApplied, CancellationToken cancellationToken = default)
        => ReadAsync(target, key, loadApplied, TypeInfo<T>(), cancellationToken);

    /// <summary>Reads a key through the cache and the queue, deserializing with <paramref name="typeInfo"/>. See the other overload.</summary>
    public async Task<T> ReadAsync<T>(string target, string key, Func<SqlExecutor, CancellationToken, Task<T>> loadApplied, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default)
    {
        Validate(target, key);
        ArgumentNullException.ThrowIfNull(loadApplied);
        ArgumentNullException.ThrowIfNull(typeInfo);
        if (Options.Cache is not { } cache)
            return await ReadQueuedOrAppliedAsync(target, key, loadApplied, typeInfo, cancellationToken).ConfigureAwait(false);
        return await cache.GetOrSetAsync(
            Options.CacheKey(target, key), ct => ReadQueuedOrAppliedAsync(target, key, loadApplied, typeInfo, ct), typeInfo, Options.CacheEntryOptions, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>How many writes wait in the queue (dead letters not included): <c>SELECT count(*) … WHERE dead_at IS NULL</c>.</summary>
    public Task<long> CountPendingAsync(CancellationToken cancellationToken = default)
        => OnSessionAsync(session => session.ScalarAsync<long>($"SELECT count(*) FROM {Table} WHERE dead_at IS NULL", cancellationToken), cancellationToken);

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "The resolver is the caller's: a source-generated context when trimming.")]
    internal JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)_json.GetTypeInfo(typeof(T));

    private static void Validate(string target, string key)
    {
        CacheKeys.Validate(target, nameof(target), "write-behind target");
        CacheKeys.Validate(key, nameof(key), "write-behind key");
    }

    /// <summary>
    /// The insert, behind a transaction-scoped advisory lock on the key: a second writer of the key waits for this
    /// transaction to end before it takes its id, so ids (the apply order) follow commit order per key.
    /// </summary>
    private async Task<long> InsertAsync(KeelTransaction tx, string target, string key, string operation, string? payload, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var lockKey = AdvisoryLockKey.From("keel.write_behind\u001f" + Options.Table + "\u001f" + target + "\u001f" + key);
        var id = await tx.ScalarAsync<long>(
            $"INSERT INTO {Table} (target, key, operation, payload, enqueued_at, available_at) SELECT {target}, {key}, {operation}, {payload}::jsonb, {now}, {now} FROM (SELECT pg_advisory_xact_lock({lockKey})) AS locked RETURNING id",
            cancellationToken).ConfigureAwait(false);
        tx.OnCommitted(() =>
        {
            if (WriteBehindMetrics.Queued.Enabled)
                WriteBehindMetrics.Queued.Add(1, _queueTag, new KeyValuePair<string, object?>("operation", operation));
        });
        return id;
    }

    /// <summary>Runs <paramref name="work"/> in the executor's transaction, or in a short one on the session when it has none.</summary>
    private static async Task<long> InTransactionAsync(SqlExecutor executor, Func<KeelTransaction, Task<long>> work, CancellationToken cancellationToken)
    {
        var current = executor switch
        {
            KeelTransaction tx => tx,
            KeelSession session => session.CurrentTransaction,
            _ => null,
        };
        if (current is not null)
            return await work(current).ConfigureAwait(false);
        var owner = (KeelSession)executor;
        return await owner.InTransactionAsync((tx, _) => work(tx), cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private async Task<T> ReadQueuedOrAppliedAsync<T>(string target, string key, Func<SqlExecutor, CancellationToken, Task<T>> loadApplied, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        var session = await _keel.OpenSessionAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            return await session.InTransactionAsync(async (tx, ct) =>
            {
                var newest = await tx.QuerySingleOrDefaultAsync<WriteBehindRow>(
                    $"SELECT {Columns(_time.GetUtcNow())} FROM {Table} WHERE target = {target} AND key = {key} ORDER BY id DESC LIMIT 1", ct).ConfigureAwait(false);
                if (newest is null)
                    return await loadApplied(tx, ct).ConfigureAwait(false);
                return newest.Kind == WriteBehindOperation.Delete || newest.Payload is null ? default! : JsonSerializer.Deserialize(newest.Payload, typeInfo)!;
            }, new TransactionOptions { Isolation = Isolation.RepeatableRead, ReadOnly = true }, cancellationToken).ConfigureAwait(false);
        }
    }
}
