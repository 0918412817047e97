using System.Globalization;

namespace Keel;

/// <summary>
/// Stampede protection across nodes with PostgreSQL advisory locks: the holder keeps a transaction open on a leased
/// session, holding <c>pg_advisory_xact_lock</c> on the key's hash, while its factory runs; other nodes wait on the
/// same lock (bounded by <c>lock_timeout</c>) and then find the value in L2.
/// </summary>
/// <remarks>
/// A transaction-scoped lock works behind PgBouncer in transaction mode, where session locks do not. The lock's
/// expiry is the transaction's <c>idle_in_transaction_session_timeout</c>: a holder that stalls longer loses its
/// connection and with it the lock; a holder that dies loses it at once.
/// </remarks>
public sealed class PostgresCacheLock : IDistributedCacheLock
{
    private readonly KeelDataSource _keel;
    private readonly string _namespace;

    /// <summary>Locks on <paramref name="keel"/>; <paramref name="lockNamespace"/> keeps these locks apart from the application's own advisory locks.</summary>
    public PostgresCacheLock(KeelDataSource keel, string lockNamespace = "keel-cache:")
    {
        ArgumentNullException.ThrowIfNull(keel);
        ArgumentNullException.ThrowIfNull(lockNamespace);
        _keel = keel;
        _namespace = lockNamespace;
    }

    /// <summary>
    /// Takes the lock, waiting up to <paramref name="wait"/>: <c>BEGIN; SELECT set_config('lock_timeout', …, true);
    /// SELECT pg_advisory_xact_lock($1)</c> (<c>pg_try_advisory_xact_lock</c> for a zero wait). Returns null when
    /// another node still holds it; dispose the handle to release it (the transaction ends, nothing was written).
    /// </summary>
    public async Task<IAsyncDisposable?> TryAcquireAsync(string key, TimeSpan expiry, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(expiry, TimeSpan.Zero, nameof(expiry));
        ArgumentOutOfRangeException.ThrowIfLessThan(wait, TimeSpan.Zero, nameof(wait));
        var lockKey = AdvisoryLockKey.From(_namespace + key);
        var session = await _keel.OpenSessionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var transaction = await session.BeginTransactionAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            var idle = Milliseconds(expiry);
            await transaction.ExecuteAsync($"SELECT set_config('idle_in_transaction_session_timeout', {idle}, true)", cancellationToken).ConfigureAwait(false);
            bool taken;
            if (wait == TimeSpan.Zero)
            {
                taken = await transaction.TryAdvisoryLockAsync(lockKey, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await transaction.ExecuteAsync($"SELECT set_config('lock_timeout', {Milliseconds(wait)}, true)", cancellationToken).ConfigureAwait(false);
                try
                {
                    await transaction.AdvisoryLockAsync(lockKey, cancellationToken).ConfigureAwait(false);
                    taken = true;
                }
                catch (LockNotAvailableException)
                {
                    taken = false;
                }
            }

            if (taken)
                return new Held(session, transaction);
            await session.DisposeAsync().ConfigureAwait(false);
            return null;
        }
        catch
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static string Milliseconds(TimeSpan span) => Math.Max(1, (long)Math.Ceiling(span.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture) + "ms";

    /// <summary>The open transaction holding the lock; ending it (a rollback: nothing was written) releases the lock.</summary>
    private sealed class Held(KeelSession session, KeelTransaction transaction) : IAsyncDisposable
    {
        private int _released;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) != 0)
                return;
            try
            {
                await transaction.DisposeAsync().ConfigureAwait(false);
            }
            finally
            {
                await session.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
