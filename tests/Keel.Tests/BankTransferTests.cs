namespace Keel.Tests;

public sealed record Account(int Id, long Balance);

/// <summary>Concurrent money transfers: real connections, real contention, an invariant checked at the end.</summary>
public sealed class BankTransferTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private const int Accounts = 20;
    private const long StartBalance = 1_000;
    private const int Workers = 8;
    private const int TransfersPerWorker = 500;

    private static (int From, int To, long Amount) RandomTransfer(Random random)
    {
        var from = random.Next(1, Accounts + 1);
        var to = random.Next(1, Accounts);
        if (to >= from)
            to++;
        return (from, to, random.Next(1, 300));
    }

    private async Task ResetAsync(string table)
    {
        await using var s = await db.Keel.OpenSessionAsync();
        await s.ExecuteAsync($"DROP TABLE IF EXISTS {Sql.Identifier(table)}");
        await s.ExecuteAsync($"CREATE TABLE {Sql.Identifier(table)} (id int PRIMARY KEY, balance bigint NOT NULL)");
        await s.ExecuteAsync($"INSERT INTO {Sql.Identifier(table)} SELECT g, {StartBalance} FROM generate_series(1, {Accounts}) g");
    }

    private async Task AssertInvariantAsync(string table)
    {
        await using var s = await db.Keel.OpenSessionAsync();
        var accounts = await s.QueryAsync<Account>($"SELECT id, balance FROM {Sql.Identifier(table)} ORDER BY id");
        Assert.Equal(Accounts, accounts.Count);
        Assert.Equal(Accounts * StartBalance, accounts.Sum(a => a.Balance));
        Assert.All(accounts, a => Assert.True(a.Balance >= 0, $"account {a.Id} is negative: {a.Balance}"));
    }

    [Fact]
    public async Task Serializable_transfers_with_retries_keep_the_total_and_no_balance_goes_negative()
    {
        const string table = "accounts_serializable";
        await ResetAsync(table);
        using var meter = new MeterRecorder();
        var options = new TransactionOptions { Isolation = Isolation.Serializable, MaxRetries = 50, RetryMaxDelay = TimeSpan.FromMilliseconds(100) };
        var done = 0;
        var tasks = Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
        {
            var random = new Random(1000 + worker);
            await using var session = await db.Keel.OpenSessionAsync();
            for (var i = 0; i < TransfersPerWorker; i++)
            {
                var (from, to, amount) = RandomTransfer(random);
                await session.InTransactionAsync(async (tx, ct) =>
                {
                    // Read, decide, write: only SERIALIZABLE makes this check-then-act safe without locks.
                    var balance = await tx.ScalarAsync<long>($"SELECT balance FROM {Sql.Identifier(table)} WHERE id = {from}", ct);
                    if (balance < amount)
                        return;
                    await tx.ExecuteAsync($"UPDATE {Sql.Identifier(table)} SET balance = {balance - amount} WHERE id = {from}", ct);
                    await tx.ExecuteAsync($"UPDATE {Sql.Identifier(table)} SET balance = balance + {amount} WHERE id = {to}", ct);
                }, options);
                Interlocked.Increment(ref done);
            }
        }));
        await Task.WhenAll(tasks);

        Assert.Equal(Workers * TransfersPerWorker, done);
        await AssertInvariantAsync(table);
        Assert.True(meter.Count("keel.transaction.retries") > 0, "contention on 20 accounts should have forced at least one retry");
        Assert.True(meter.Count("keel.transaction.serialization_failures") > 0);
    }

    [Fact]
    public async Task Read_committed_transfers_locking_rows_in_id_order_keep_the_invariant()
    {
        const string table = "accounts_locked";
        await ResetAsync(table);
        var tasks = Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
        {
            var random = new Random(2000 + worker);
            await using var session = await db.Keel.OpenSessionAsync();
            for (var i = 0; i < TransfersPerWorker; i++)
            {
                var (from, to, amount) = RandomTransfer(random);
                await using var tx = await session.BeginTransactionAsync();
                // Locking both rows in id order means two transfers never wait on each other in a cycle: no deadlocks.
                int[] ids = [Math.Min(from, to), Math.Max(from, to)];
                var locked = await tx.QueryAsync<Account>(
                    $"SELECT id, balance FROM {Sql.Identifier(table)} WHERE id = ANY({ids}) ORDER BY id", CommandOptions.WithLock(RowLock.ForNoKeyUpdate));
                var source = locked.Single(a => a.Id == from);
                if (source.Balance >= amount)
                {
                    await tx.ExecuteAsync($"UPDATE {Sql.Identifier(table)} SET balance = balance - {amount} WHERE id = {from}");
                    await tx.ExecuteAsync($"UPDATE {Sql.Identifier(table)} SET balance = balance + {amount} WHERE id = {to}");
                }

                await tx.CommitAsync();
            }
        }));
        await Task.WhenAll(tasks);
        await AssertInvariantAsync(table);
    }
}
