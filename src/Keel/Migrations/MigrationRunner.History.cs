namespace Keel;

/// <summary>The history table.</summary>
public sealed partial class MigrationRunner
{
    private async Task EnsureHistoryAsync(KeelSession session, CancellationToken cancellationToken)
    {
        if (Options.HistorySchema != "public")
            await session.ExecuteAsync($"CREATE SCHEMA IF NOT EXISTS {Sql.Identifier(Options.HistorySchema)}", cancellationToken).ConfigureAwait(false);
        await session.ExecuteAsync($"""
            CREATE TABLE IF NOT EXISTS {_history} (
                installed_rank integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                version bigint,
                description text NOT NULL,
                type text NOT NULL,
                script text NOT NULL,
                checksum text,
                installed_by text NOT NULL,
                installed_on timestamptz NOT NULL DEFAULT now(),
                execution_ms integer NOT NULL,
                success boolean NOT NULL)
            """, cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<HistoryRow>> ReadHistoryAsync(KeelSession session, CancellationToken cancellationToken)
    {
        var exists = await session.ScalarAsync<bool>(
            $"SELECT to_regclass(format('%I.%I', {Options.HistorySchema}, {HistoryTableName})) IS NOT NULL", cancellationToken).ConfigureAwait(false);
        if (!exists)
            return [];
        return await session.QueryAsync<HistoryRow>(
            $"SELECT installed_rank, version, description, type, script, checksum, installed_by, installed_on, execution_ms, success FROM {_history} ORDER BY installed_rank",
            cancellationToken).ConfigureAwait(false);
    }

    private Task<int> RecordAsync(SqlExecutor executor, MigrationScript migration, string type, int executionMs, bool success, CancellationToken cancellationToken)
        => executor.ExecuteAsync(
            $"INSERT INTO {_history} (version, description, type, script, checksum, installed_by, execution_ms, success) VALUES ({migration.Version}, {migration.Description}, {type}, {migration.Script}, {migration.Checksum}, {Options.InstalledBy}, {executionMs}, {success})",
            cancellationToken);

    private static string TypeOf(MigrationScript migration) => migration.Kind switch
    {
        MigrationKind.CSharp => "CSHARP",
        MigrationKind.Repeatable => "REPEATABLE",
        _ => "SQL",
    };

    /// <summary>
    /// Marks the database as already at <paramref name="version"/>: migrations up to it count as applied and never run.
    /// For adopting Keel on an existing database; only on an empty history.
    /// </summary>
    public async Task BaselineAsync(long version, CancellationToken cancellationToken = default)
    {
        await WithLockAsync(async (session, _, ct) =>
        {
            var rows = await ReadHistoryAsync(session, ct).ConfigureAwait(false);
            if (rows.Count > 0)
                throw new MigrationException($"Baseline needs an empty history; {rows.Count} row(s) exist. Baseline is for adopting Keel on an existing database.");
            await session.ExecuteAsync(
                $"INSERT INTO {_history} (version, description, type, script, checksum, installed_by, execution_ms, success) VALUES ({version}, {"baseline"}, {"BASELINE"}, {"<baseline>"}, {(string?)null}, {Options.InstalledBy}, {0}, {true})",
                ct).ConfigureAwait(false);
            return 0;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Makes history agree with the sources after a deliberate change: forgets failed attempts, accepts changed
    /// checksums, forgets migrations whose sources are gone. Returns what it did, one line per change.
    /// </summary>
    public Task<IReadOnlyList<string>> RepairAsync(CancellationToken cancellationToken = default)
        => WithLockAsync<IReadOnlyList<string>>(async (session, _, ct) =>
        {
            var done = new List<string>();
            var state = new HistoryState(await ReadHistoryAsync(session, ct).ConfigureAwait(false));
            var tx = await session.BeginTransactionAsync(cancellationToken: ct).ConfigureAwait(false);
            await using var txScope = tx.ConfigureAwait(false);
            var failed = await tx.ExecuteAsync($"DELETE FROM {_history} WHERE NOT success", ct).ConfigureAwait(false);
            if (failed > 0)
                done.Add($"Removed {failed} failed attempt(s) from history.");
            var byVersion = Migrations.Where(m => m.Version is not null).ToDictionary(m => m.Version!.Value);
            foreach (var (version, row) in state.Applied)
            {
                if (!byVersion.TryGetValue(version, out var source))
                {
                    await tx.ExecuteAsync($"DELETE FROM {_history} WHERE version = {version}", ct).ConfigureAwait(false);
                    done.Add($"Forgot V{version} ({row.Script}): its source is gone.");
                }
                else if (source.Checksum != row.Checksum)
                {
                    await tx.ExecuteAsync($"UPDATE {_history} SET checksum = {source.Checksum} WHERE installed_rank = {row.InstalledRank}", ct).ConfigureAwait(false);
                    done.Add($"Accepted the new checksum of V{version} ({row.Script}).");
                }
            }

            await tx.CommitAsync(ct).ConfigureAwait(false);
            return done;
        }, cancellationToken);
}
