using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Keel.Redis;

/// <summary>
/// An <see cref="IDistributedCacheLock"/> on Redis: the lock is a key set with <c>SET key token NX PX expiry</c>, where
/// the token is random per acquisition. Release deletes the key only if it still holds that token (one atomic script),
/// so a holder whose lock expired and was taken by another node cannot release the other node's lock.
/// </summary>
/// <remarks>
/// While another node holds the lock, the caller polls with a doubling pause (<see cref="RedisCacheLockOptions.MinRetryDelay"/>
/// to <see cref="RedisCacheLockOptions.MaxRetryDelay"/>) until <c>wait</c> runs out. This is a single-server lock for
/// stampede protection (an expired lock costs at most a duplicate factory call), not a lock for correctness.
/// </remarks>
public sealed class RedisCacheLock : IDistributedCacheLock
{
    private static readonly RedisScript ReleaseIfOwner = new("""
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """);

    private readonly RedisConnection _connection;
    private readonly RedisCacheLockOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates the lock on a shared connection.</summary>
    /// <param name="connection">The connection; not owned.</param>
    /// <param name="options">Key prefix and polling pauses; defaults when null.</param>
    public RedisCacheLock(RedisConnection connection, RedisCacheLockOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _connection = connection;
        _options = options ?? new RedisCacheLockOptions();
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_options.MinRetryDelay, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxRetryDelay, _options.MinRetryDelay, nameof(options));
        _logger = connection.LoggerFactory.CreateLogger<RedisCacheLock>();
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="expiry"/> is not positive or <paramref name="wait"/> is negative.</exception>
    /// <exception cref="RedisException">Redis is unreachable or failed.</exception>
    public async Task<IAsyncDisposable?> TryAcquireAsync(string key, TimeSpan expiry, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(expiry, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(wait, TimeSpan.Zero);
        var lockKey = string.Concat(_options.KeyPrefix, key);
        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var value = Encoding.ASCII.GetBytes(token);
        var started = Stopwatch.GetTimestamp();
        var pause = _options.MinRetryDelay;
        while (true)
        {
            if (await _connection.SetAsync(lockKey, value, expiry, SetCondition.IfNotExists, cancellationToken).ConfigureAwait(false))
                return new Handle(this, lockKey, token);
            var left = wait - Stopwatch.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
                return null;
            await Task.Delay(pause < left ? pause : left, cancellationToken).ConfigureAwait(false);
            pause = pause * 2 < _options.MaxRetryDelay ? pause * 2 : _options.MaxRetryDelay;
        }
    }

    /// <summary>Deletes the lock key if it still holds <paramref name="token"/>; true when it did.</summary>
    internal async Task<bool> ReleaseAsync(string lockKey, string token, CancellationToken cancellationToken)
        => (await _connection.EvalAsync(ReleaseIfOwner, [lockKey], [token], cancellationToken).ConfigureAwait(false)).Integer == 1;

    /// <summary>The held lock; disposing releases it once. A failed release is logged, since the key expires anyway.</summary>
    private sealed class Handle(RedisCacheLock owner, string lockKey, string token) : IAsyncDisposable
    {
        private int _released;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) != 0)
                return;
            try
            {
                await owner.ReleaseAsync(lockKey, token, CancellationToken.None).ConfigureAwait(false);
            }
            catch (RedisException e)
            {
                RedisLog.LockReleaseFailed(owner._logger, lockKey, e);
            }
        }
    }
}
