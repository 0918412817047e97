using System.Diagnostics;
using Microsoft.Extensions.Caching.Distributed;

namespace Keel.Benchmarks;

/// <summary>
/// W6 through Keel, one variant per instance: the database alone on one session, or a <see cref="KeelCache"/> (L1 plus
/// the given L2) in front of it, read cache-aside, with each update committed in a transaction that removes the user's
/// key after commit (<see cref="KeelCache.RemoveAfterCommit"/>), as docs/caching.md shows. Every read is checked
/// against the last update this loop made, so a stale cache fails the run.
/// </summary>
internal sealed class ReadHeavyContender : IAsyncDisposable
{
    private static readonly CacheEntryOptions Profile = CacheEntryOptions.Default.WithDuration(TimeSpan.FromHours(2));

    private readonly KeelDataSource _keel;
    private readonly IDistributedCache? _l2;
    private readonly bool _cached;
    private readonly LatencyRecorder _latency;
    private KeelSession? _session;
    private KeelCache? _cache;

    public ReadHeavyContender(string connectionString, bool cached, IDistributedCache? l2, int operations)
    {
        _keel = KeelDataSource.Create(new KeelOptions { ConnectionString = connectionString, MaxPoolSize = 4, ApplicationName = "bench-w6" });
        _cached = cached;
        _l2 = l2;
        _latency = new LatencyRecorder(operations);
    }

    public async Task OpenAsync(CancellationToken cancellationToken)
        => _session = await _keel.OpenSessionAsync(cancellationToken);

    /// <summary>
    /// Before each run: a new cache, so every run starts with an empty L1 (a node just deployed) and the L2 as the
    /// previous run left it.
    /// </summary>
    public async Task BeforeRunAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _latency.Reset();
        if (!_cached)
            return;
        if (_cache is not null)
            await _cache.DisposeAsync();
        _cache = new KeelCache(new KeelCacheOptions { Distributed = _l2, Name = "w6" });
    }

    public RunStats TakeStats() => _latency.Take(_cached);

    public async Task<long> RunAsync(ReadHeavyData data, int count, CancellationToken cancellationToken)
    {
        var session = _session ?? throw new InvalidOperationException("Call OpenAsync first.");
        var visits = new int[ReadHeavyData.HotCount];
        Array.Fill(visits, -1);
        long checksum = 0;
        for (var i = 0; i < count; i++)
        {
            var op = data.Operations[i];
            var started = Stopwatch.GetTimestamp();
            if (op >= 0)
            {
                var user = await ReadAsync(session, data.Hot[op], cancellationToken);
                _latency.Record(started);
                _latency.Read();
                if (visits[op] >= 0 && user.Visits != visits[op])
                    throw new InvalidOperationException($"W6 read user {user.Id} with {user.Visits} visits after this run wrote {visits[op]}: a stale read.");
                checksum += user.Id;
            }
            else
            {
                var hot = -1 - op;
                visits[hot] = await UpdateAsync(session, data.Hot[hot], cancellationToken);
                _latency.Record(started);
            }
        }

        return checksum;
    }

    private Task<HotUser> ReadAsync(KeelSession session, int id, CancellationToken cancellationToken)
    {
        if (_cache is null)
            return LoadAsync(session, id, cancellationToken);
        return _cache.GetOrSetAsync("user:" + id, ct => LoadAsync(session, id, ct), Profile, cancellationToken).AsTask();
    }

    private async Task<HotUser> LoadAsync(KeelSession session, int id, CancellationToken cancellationToken)
    {
        _latency.DatabaseRead();
        return (await session.QuerySingleOrDefaultAsync<HotUser>($"SELECT id, name, email, visits FROM w6_users WHERE id = {id}", cancellationToken))!;
    }

    private async Task<int> UpdateAsync(KeelSession session, int id, CancellationToken cancellationToken)
    {
        if (_cache is not { } cache)
            return await session.ScalarAsync<int>($"UPDATE w6_users SET visits = visits + 1 WHERE id = {id} RETURNING visits", cancellationToken);
        return await session.InTransactionAsync(async (tx, ct) =>
        {
            var visits = await tx.ScalarAsync<int>($"UPDATE w6_users SET visits = visits + 1 WHERE id = {id} RETURNING visits", ct);
            cache.RemoveAfterCommit(tx, "user:" + id);
            return visits;
        }, cancellationToken: cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_cache is not null)
            await _cache.DisposeAsync();
        if (_session is not null)
            await _session.DisposeAsync();
        await _keel.DisposeAsync();
    }
}
