using Keel;

namespace Quickstart;

/// <summary>The sample's data: an accounts table and the SQL that moves money between rows.</summary>
internal static class Bank
{
    /// <summary>
    /// No CHECK (balance &gt;= 0) on purpose: the non-negative rule is enforced by <see cref="TransferAsync"/>'s
    /// read-then-write, so the final check shows whether SERIALIZABLE kept that rule under concurrency.
    /// </summary>
    public static async Task CreateAsync(KeelDataSource keel, int accounts, decimal startingBalance, CancellationToken cancellationToken)
    {
        await using var session = await keel.OpenSessionAsync(cancellationToken);
        await session.ExecuteAsync($"""
            CREATE TABLE accounts (
                id      integer PRIMARY KEY,
                owner   text    NOT NULL,
                balance numeric(12, 2) NOT NULL
            )
            """, cancellationToken);

        // One round trip for all inserts; outside a transaction PostgreSQL applies the batch all or nothing.
        var inserts = new List<Sql>(accounts);
        for (var id = 1; id <= accounts; id++)
            inserts.Add($"INSERT INTO accounts (id, owner, balance) VALUES ({id}, {"Customer " + id}, {startingBalance})");
        await session.ExecuteBatchAsync(inserts, cancellationToken);
    }

    /// <summary>
    /// Moves <paramref name="amount"/> unless the source would go negative. Runs inside InTransactionAsync, so it
    /// may run more than once: it has no effect outside the transaction.
    /// </summary>
    /// <returns>True when money moved, false when the transfer was skipped for lack of funds.</returns>
    public static async Task<bool> TransferAsync(KeelTransaction tx, int from, int to, decimal amount, CancellationToken cancellationToken)
    {
        var balance = await tx.ScalarAsync<decimal>($"SELECT balance FROM accounts WHERE id = {from}", cancellationToken);
        if (balance < amount)
            return false;
        await tx.ExecuteAsync($"UPDATE accounts SET balance = balance - {amount} WHERE id = {from}", cancellationToken);
        await tx.ExecuteAsync($"UPDATE accounts SET balance = balance + {amount} WHERE id = {to}", cancellationToken);
        return true;
    }

    /// <summary>
    /// Opens an empty account, then tries to open a duplicate of account 1 inside a savepoint. The duplicate fails,
    /// the savepoint rolls back only that statement, and the transaction still commits the first insert.
    /// </summary>
    /// <returns>The unique constraint PostgreSQL named in its error.</returns>
    public static Task<string?> SavepointDemoAsync(KeelDataSource keel, int newId, CancellationToken cancellationToken)
        => keel.InTransactionAsync(async (tx, ct) =>
        {
            await tx.ExecuteAsync($"INSERT INTO accounts (id, owner, balance) VALUES ({newId}, {"Savings pot"}, {0m})", ct);
            try
            {
                await tx.WithSavepointAsync(
                    c => tx.ExecuteAsync($"INSERT INTO accounts (id, owner, balance) VALUES ({1}, {"Duplicate of 1"}, {0m})", c), ct);
                return null;
            }
            catch (UniqueViolationException e)
            {
                return e.ConstraintName;
            }
        }, cancellationToken: cancellationToken);

    public static async Task<AccountSummary> SummarizeAsync(KeelDataSource keel, CancellationToken cancellationToken)
    {
        await using var session = await keel.OpenSessionAsync(cancellationToken);
        var summary = await session.QuerySingleOrDefaultAsync<AccountSummary>($"""
            SELECT sum(balance) AS total,
                   count(*) AS accounts,
                   count(*) FILTER (WHERE balance < 0) AS negative
            FROM accounts
            """, cancellationToken);
        return summary ?? throw new InvalidOperationException("An aggregate query always returns one row.");
    }

    public static async Task<bool> AccountExistsAsync(KeelDataSource keel, int id, CancellationToken cancellationToken)
    {
        await using var session = await keel.OpenSessionAsync(cancellationToken);
        return await session.ScalarAsync<bool>($"SELECT EXISTS (SELECT 1 FROM accounts WHERE id = {id})", cancellationToken);
    }
}
