using Microsoft.Extensions.Logging;

namespace Keel;

/// <summary>What a C# migration runs with: the executor (a transaction, or the session in mode none) and helpers.</summary>
public sealed class MigrationContext
{
    internal MigrationContext(SqlExecutor executor, KeelSession session, MigrationTransaction mode, ILogger logger, CancellationToken cancellationToken)
    {
        Executor = executor;
        Session = session;
        Mode = mode;
        Logger = logger;
        CancellationToken = cancellationToken;
    }

    /// <summary>Where statements run: the migration's transaction, or the session when the mode is none.</summary>
    public SqlExecutor Executor { get; }

    /// <summary>The transaction mode this migration runs in.</summary>
    public MigrationTransaction Mode { get; }

    /// <summary>The runner's logger.</summary>
    public ILogger Logger { get; }

    /// <summary>Canceled when the run is.</summary>
    public CancellationToken CancellationToken { get; }

    internal KeelSession Session { get; }

    /// <summary>Runs one statement.</summary>
    public Task<int> ExecuteAsync(Sql sql) => Executor.ExecuteAsync(sql, CancellationToken);

    /// <summary>
    /// Updates a large table in batches, each in its own short transaction, until a batch changes no rows — the
    /// backfill step of expand/contract. <paramref name="batch"/> gets the batch size and returns one bounded UPDATE,
    /// e.g. <c>n =&gt; $"UPDATE users SET email_lower = lower(email) WHERE id IN (SELECT id FROM users WHERE email_lower IS NULL LIMIT {n})"</c>.
    /// Needs a migration in mode <see cref="MigrationTransaction.None"/> (a backfill inside one transaction would hold its locks to the end).
    /// </summary>
    public async Task<long> BackfillAsync(Func<int, Sql> batch, int batchSize = 1000, IProgress<long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (Mode != MigrationTransaction.None)
            throw new InvalidOperationException("BackfillAsync needs a migration that runs without a transaction ([Migration(..., Transaction = MigrationTransaction.None)]), so that each batch commits on its own.");
        long total = 0;
        while (true)
        {
            var rows = await Session.InTransactionAsync((tx, ct) => tx.ExecuteAsync(batch(batchSize), ct), cancellationToken: CancellationToken).ConfigureAwait(false);
            if (rows == 0)
                break;
            total += rows;
            progress?.Report(total);
            if (Logger.IsEnabled(LogLevel.Information))
                Logger.LogInformation("Backfill: {Rows} rows so far", total);
        }

        return total;
    }
}
