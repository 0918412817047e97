using Microsoft.Extensions.Logging;

namespace Keel;

/// <summary>One runner at a time.</summary>
public sealed partial class MigrationRunner
{
    /// <summary>
    /// Takes the migration lock — a session-level advisory lock on a connection of its own, so statements that must
    /// run outside a transaction (CREATE INDEX CONCURRENTLY) never wait on the runner's own transaction — then runs
    /// <paramref name="work"/> on a second session with the history table in place.
    /// </summary>
    /// <remarks>The work gets the working session and the lock session, which it may use to watch for blockers.</remarks>
    private async Task<T> WithLockAsync<T>(Func<KeelSession, KeelSession, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        var lockSession = await _keel.OpenSessionAsync(cancellationToken).ConfigureAwait(false);
        await using (lockSession.ConfigureAwait(false))
        {
            var held = await AcquireAsync(lockSession, cancellationToken).ConfigureAwait(false);
            await using (held.ConfigureAwait(false))
            {
                var session = await _keel.OpenSessionAsync(cancellationToken).ConfigureAwait(false);
                await using (session.ConfigureAwait(false))
                {
                    await EnsureHistoryAsync(session, cancellationToken).ConfigureAwait(false);
                    return await work(session, lockSession, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    private async Task<AdvisoryLock> AcquireAsync(KeelSession lockSession, CancellationToken cancellationToken)
    {
        var started = DateTime.UtcNow;
        var logged = false;
        while (true)
        {
            if (await lockSession.TryAdvisoryLockAsync(LockKey, cancellationToken).ConfigureAwait(false) is { } held)
                return held;
            if (Options.WaitForOtherRunner is not { } wait)
                throw new MigrationLockException("Another migration runner holds the migration lock; nothing ran. Wait for it to finish (or set WaitForOtherRunner).");
            if (DateTime.UtcNow - started > wait)
                throw new MigrationLockException($"Another migration runner held the migration lock for more than {wait.TotalSeconds:F0} s; nothing ran.");
            if (!logged && _logger.IsEnabled(LogLevel.Information))
            {
                _logger.LogInformation("Waiting for another migration runner to finish (up to {Seconds} s)", wait.TotalSeconds);
                logged = true;
            }

            await Task.Delay(250, cancellationToken).ConfigureAwait(false);
        }
    }
}
