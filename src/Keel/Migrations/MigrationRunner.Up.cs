using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Keel;

/// <summary>Applying and reverting migrations.</summary>
public sealed partial class MigrationRunner
{
    /// <summary>
    /// Applies pending migrations (up to <paramref name="target"/>, or all, then changed repeatables). Validates history
    /// against the sources first and lints pending SQL; in Production, error findings stop the run unless allowed.
    /// </summary>
    /// <exception cref="MigrationValidationException">History does not match the sources; nothing ran.</exception>
    /// <exception cref="MigrationLintException">Error findings in Production without permission; nothing ran.</exception>
    /// <exception cref="MigrationFailedException">A migration failed; see its message for what remains.</exception>
    public Task<IReadOnlyList<MigrationStep>> UpAsync(long? target = null, CancellationToken cancellationToken = default)
        => WithLockAsync<IReadOnlyList<MigrationStep>>(async (session, observer, ct) =>
        {
            var state = new HistoryState(await ReadHistoryAsync(session, ct).ConfigureAwait(false));
            var problems = Validate(state);
            if (problems.Count > 0)
                throw new MigrationValidationException(problems);
            var pending = Pending(state, target);
            CheckBeforeRun(pending);
            var pid = await session.ScalarAsync<int>($"SELECT pg_backend_pid()", ct).ConfigureAwait(false);
            var done = new List<MigrationStep>();
            if (Options.Mode == MigrationTransaction.All && pending.Count > 0)
            {
                await RunAllInOneAsync(session, observer, pid, pending, done, ct).ConfigureAwait(false);
                return done;
            }

            foreach (var migration in pending)
                done.Add(await RunAsync(session, observer, pid, migration, "up", ct).ConfigureAwait(false));
            return done;
        }, cancellationToken);

    /// <summary>
    /// Reverts applied migrations above <paramref name="target"/>, newest first, each by its Down. If any of them has
    /// no Down, nothing runs.
    /// </summary>
    public Task<IReadOnlyList<MigrationStep>> DownAsync(long target, CancellationToken cancellationToken = default)
        => WithLockAsync<IReadOnlyList<MigrationStep>>(async (session, observer, ct) =>
        {
            var state = new HistoryState(await ReadHistoryAsync(session, ct).ConfigureAwait(false));
            var problems = Validate(state);
            if (problems.Count > 0)
                throw new MigrationValidationException(problems);
            if (state.Baseline is { } baseline && target < baseline)
                throw new MigrationException($"Cannot go below the baseline V{baseline}: migrations up to it were never run by Keel.");
            var byVersion = Migrations.Where(m => m.Version is not null).ToDictionary(m => m.Version!.Value);
            var toRevert = state.Applied.Keys.Where(v => v > target).OrderDescending().Select(v => byVersion[v]).ToList();
            var irreversible = toRevert.Where(m => !m.HasDown).ToList();
            if (irreversible.Count > 0)
                throw new MigrationException("Cannot go down: " + string.Join(", ", irreversible.Select(m => m.ToString())) + " has no Down (a '-- keel:down' part, a U file, or a Down override). Nothing ran.");
            var pid = await session.ScalarAsync<int>($"SELECT pg_backend_pid()", ct).ConfigureAwait(false);
            var done = new List<MigrationStep>();
            foreach (var migration in toRevert)
                done.Add(await RunAsync(session, observer, pid, migration, "down", ct).ConfigureAwait(false));
            return done;
        }, cancellationToken);

    private void CheckBeforeRun(List<MigrationScript> pending)
    {
        if (Options.Mode == MigrationTransaction.All)
        {
            var outside = pending.Where(m => m.Directives.Transaction == MigrationTransaction.None).ToList();
            if (outside.Count > 0)
                throw new MigrationException($"Mode all runs every migration in one transaction, but {string.Join(", ", outside)} must run without one. Run with mode each, or apply it separately.");
        }

        Lint(pending);
    }

    private async Task<MigrationStep> RunAsync(KeelSession session, KeelSession observer, int pid, MigrationScript migration, string direction, CancellationToken cancellationToken)
    {
        var mode = ModeOf(migration);
        var sql = direction == "up" ? migration.UpSql : migration.DownSql;
        if (_logger.IsEnabled(LogLevel.Information))
            _logger.LogInformation("Migrating {Direction}: {Migration} (transaction {Mode})", direction, migration, mode);
        var started = Stopwatch.GetTimestamp();
        var applied = new List<string>();
        for (var attempt = 0; ; attempt++)
        {
            var watch = new BlockerWatch(observer, pid, _logger);
            await using (watch.ConfigureAwait(false))
            {
                try
                {
                    await ApplyOnceAsync(session, migration, direction, mode, applied, started, cancellationToken).ConfigureAwait(false);
                    return new MigrationStep(migration, direction, mode, sql ?? $"-- C# migration {migration.Script}.{(direction == "up" ? "Up" : "Down")}()", Elapsed(started));
                }
                catch (LockNotAvailableException e) when (attempt < Options.LockTimeoutRetries && (mode != MigrationTransaction.None || applied.Count == 0))
                {
                    if (_logger.IsEnabled(LogLevel.Warning))
                        _logger.LogWarning(e, "{Migration} hit lock_timeout (blocked by {Blockers}); retry {Attempt}", migration, Describe(watch.LastSeen), attempt + 1);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    await RecordFailureAsync(session, migration, started).ConfigureAwait(false);
                    var invalid = mode == MigrationTransaction.None ? await InvalidIndexesAsync(session).ConfigureAwait(false) : [];
                    if (e is LockNotAvailableException && _logger.IsEnabled(LogLevel.Error))
                        _logger.LogError("{Migration} gave up on lock_timeout; last blockers: {Blockers}", migration, Describe(watch.LastSeen));
                    throw new MigrationFailedException(migration.ToString(), mode, mode == MigrationTransaction.None ? applied : [], invalid, e);
                }
            }

            // Jittered exponential backoff: concurrent deploys retrying in step would collide again.
            var delay = Options.LockTimeoutRetryDelay * Math.Pow(2, attempt) * (0.5 + Random.Shared.NextDouble());
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ApplyOnceAsync(KeelSession session, MigrationScript migration, string direction, MigrationTransaction mode, List<string> applied, long started, CancellationToken cancellationToken)
    {
        var type = direction == "up" ? TypeOf(migration) : "DOWN";
        if (mode == MigrationTransaction.None)
        {
            await SetTimeoutsAsync(session, local: false, migration, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(session, session, migration, direction, mode, applied, cancellationToken).ConfigureAwait(false);
            await RecordAsync(session, migration, type, Elapsed(started), true, cancellationToken).ConfigureAwait(false);
            return;
        }

        var tx = await session.BeginTransactionAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await using (tx.ConfigureAwait(false))
        {
            await SetTimeoutsAsync(tx, local: true, migration, cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(tx, session, migration, direction, mode, applied, cancellationToken).ConfigureAwait(false);
            await RecordAsync(tx, migration, type, Elapsed(started), true, cancellationToken).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task RunAllInOneAsync(KeelSession session, KeelSession observer, int pid, List<MigrationScript> pending, List<MigrationStep> done, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        MigrationScript? current = null;
        var watch = new BlockerWatch(observer, pid, _logger);
        await using (watch.ConfigureAwait(false))
        {
            try
            {
                var tx = await session.BeginTransactionAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                await using (tx.ConfigureAwait(false))
                {
                    foreach (var migration in pending)
                    {
                        current = migration;
                        var one = Stopwatch.GetTimestamp();
                        await SetTimeoutsAsync(tx, local: true, migration, cancellationToken).ConfigureAwait(false);
                        await ExecuteAsync(tx, session, migration, "up", MigrationTransaction.All, [], cancellationToken).ConfigureAwait(false);
                        await RecordAsync(tx, migration, TypeOf(migration), Elapsed(one), true, cancellationToken).ConfigureAwait(false);
                        done.Add(new MigrationStep(migration, "up", MigrationTransaction.All, migration.UpSql ?? $"-- C# migration {migration.Script}.Up()", Elapsed(one)));
                    }

                    await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (current is not null && e is not OperationCanceledException)
            {
                done.Clear();
                await RecordFailureAsync(session, current, started).ConfigureAwait(false);
                throw new MigrationFailedException(current.ToString(), MigrationTransaction.All, [], [], e);
            }
        }
    }

    private async Task ExecuteAsync(SqlExecutor executor, KeelSession session, MigrationScript migration, string direction, MigrationTransaction mode, List<string> applied, CancellationToken cancellationToken)
    {
        if (migration.Kind == MigrationKind.CSharp)
        {
            var instance = (Migration)Activator.CreateInstance(migration.Type!)!;
            var context = new MigrationContext(executor, session, mode, _logger, cancellationToken);
            await (direction == "up" ? instance.Up(context) : instance.Down(context)).ConfigureAwait(false);
            return;
        }

        var script = direction == "up" ? migration.UpSql! : migration.DownSql!;
        foreach (var statement in SqlScript.Split(script))
        {
            await executor.ExecuteAsync(Sql.Raw(statement.Text), cancellationToken).ConfigureAwait(false);
            applied.Add(statement.Text);
        }
    }

    private async Task SetTimeoutsAsync(SqlExecutor executor, bool local, MigrationScript migration, CancellationToken cancellationToken)
    {
        var scope = Sql.Raw(local ? "true" : "false");
        var lockTimeout = migration.Directives.LockTimeout ?? Options.LockTimeout;
        if (lockTimeout is { } l)
            await executor.ExecuteAsync($"SELECT set_config('lock_timeout', {$"{(int)l.TotalMilliseconds}ms"}, {scope})", cancellationToken).ConfigureAwait(false);
        if (Options.StatementTimeout is { } s)
            await executor.ExecuteAsync($"SELECT set_config('statement_timeout', {$"{(int)s.TotalMilliseconds}ms"}, {scope})", cancellationToken).ConfigureAwait(false);
    }

    private async Task RecordFailureAsync(KeelSession session, MigrationScript migration, long started)
    {
        try
        {
            await RecordAsync(session, migration, TypeOf(migration), Elapsed(started), false, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is KeelException or Npgsql.NpgsqlException)
        {
            // The connection itself may be what failed; the original error is the one to report.
            if (_logger.IsEnabled(LogLevel.Error))
                _logger.LogError(e, "Could not record the failure of {Migration} in the history table", migration);
        }
    }

    private static async Task<IReadOnlyList<string>> InvalidIndexesAsync(KeelSession session)
    {
        try
        {
            return await session.QueryAsync<string>(
                $"SELECT i.indexrelid::regclass::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT i.indisvalid AND n.nspname NOT IN ('pg_catalog', 'information_schema')",
                CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is KeelException or Npgsql.NpgsqlException)
        {
            return [];
        }
    }

    private static string Describe(IReadOnlyList<BlockingSession> blockers)
        => blockers.Count == 0 ? "no session seen" : string.Join("; ", blockers.Select(b => $"pid {b.Pid} {b.UserName} ({b.State}): {b.Query}"));
}
