namespace Keel.Tests;

public sealed record PaymentRequest(int Id, int AccountId, decimal Amount, string Reference);

public sealed class SavepointTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await using var s = await db.Keel.OpenSessionAsync();
        await s.ExecuteAsync($"""
            CREATE TABLE IF NOT EXISTS wallets (id int PRIMARY KEY, balance numeric NOT NULL CHECK (balance >= 0));
            CREATE TABLE IF NOT EXISTS payments (id int PRIMARY KEY, wallet_id int NOT NULL REFERENCES wallets(id),
                amount numeric NOT NULL CHECK (amount > 0), reference text NOT NULL UNIQUE);
            """);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Batch_payments_roll_back_each_failure_and_commit_the_rest()
    {
        await using var s = await db.Keel.OpenSessionAsync();
        await s.ExecuteAsync($"TRUNCATE payments, wallets; INSERT INTO wallets VALUES (1, 100), (2, 10)");
        PaymentRequest[] batch =
        [
            new(1, 1, 30m, "ref-1"),
            new(2, 2, 50m, "ref-2"),   // overdraws wallet 2: CHECK violation
            new(3, 9, 5m, "ref-3"),    // no wallet 9: FK violation
            new(4, 1, 20m, "ref-1"),   // duplicate reference: unique violation
            new(5, 2, 10m, "ref-5"),
            new(6, 1, -1m, "ref-6"),   // negative amount: CHECK violation
        ];

        var succeeded = new List<int>();
        var failed = new Dictionary<int, Type>();
        await using (var tx = await s.BeginTransactionAsync())
        {
            foreach (var payment in batch)
            {
                try
                {
                    await tx.WithSavepointAsync(async ct =>
                    {
                        await tx.ExecuteAsync($"INSERT INTO payments VALUES ({payment.Id}, {payment.AccountId}, {payment.Amount}, {payment.Reference})", ct);
                        await tx.ExecuteAsync($"UPDATE wallets SET balance = balance - {payment.Amount} WHERE id = {payment.AccountId}", ct);
                        return payment.Id;
                    });
                    succeeded.Add(payment.Id);
                }
                catch (KeelDatabaseException e)
                {
                    failed[payment.Id] = e.GetType();
                }
            }

            await tx.CommitAsync();
        }

        Assert.Equal([1, 5], succeeded);
        Assert.Equal(typeof(CheckViolationException), failed[2]);
        Assert.Equal(typeof(ForeignKeyViolationException), failed[3]);
        Assert.Equal(typeof(UniqueViolationException), failed[4]);
        Assert.Equal(typeof(CheckViolationException), failed[6]);
        Assert.Equal([1, 5], await s.QueryAsync<int>($"SELECT id FROM payments ORDER BY id"));
        Assert.Equal(70m, await s.ScalarAsync<decimal>($"SELECT balance FROM wallets WHERE id = 1"));
        Assert.Equal(0m, await s.ScalarAsync<decimal>($"SELECT balance FROM wallets WHERE id = 2"));
    }

    [Fact]
    public async Task Nested_savepoints_get_unique_names_and_roll_back_independently()
    {
        await using var s = await db.Keel.OpenSessionAsync();
        await s.ExecuteAsync($"TRUNCATE payments, wallets; INSERT INTO wallets VALUES (1, 100)");
        await using var tx = await s.BeginTransactionAsync();
        await using var outer = await tx.SavepointAsync();
        await tx.ExecuteAsync($"UPDATE wallets SET balance = 90 WHERE id = 1");
        await using (var inner = await tx.SavepointAsync())
        {
            Assert.NotEqual(outer.Name, inner.Name);
            await tx.ExecuteAsync($"UPDATE wallets SET balance = 80 WHERE id = 1");
            await inner.RollbackAsync();
        }

        Assert.Equal(90m, await tx.ScalarAsync<decimal>($"SELECT balance FROM wallets WHERE id = 1"));
        await outer.RollbackAsync();
        Assert.Equal(100m, await tx.ScalarAsync<decimal>($"SELECT balance FROM wallets WHERE id = 1"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => outer.RollbackAsync());
        await tx.CommitAsync();
    }

    [Fact]
    public async Task Disposing_a_savepoint_after_a_failure_rolls_back_to_it_and_the_transaction_goes_on()
    {
        await using var s = await db.Keel.OpenSessionAsync();
        await s.ExecuteAsync($"TRUNCATE payments, wallets; INSERT INTO wallets VALUES (1, 100)");
        await using var tx = await s.BeginTransactionAsync();
        await tx.ExecuteAsync($"UPDATE wallets SET balance = 50 WHERE id = 1");
        await using (await tx.SavepointAsync())
        {
            await tx.ExecuteAsync($"UPDATE wallets SET balance = 40 WHERE id = 1");
            await Assert.ThrowsAsync<KeelDatabaseException>(() => tx.ExecuteAsync($"SELECT 1/0"));
        }

        // Released on a healthy transaction keeps the work.
        await using (await tx.SavepointAsync())
            await tx.ExecuteAsync($"UPDATE wallets SET balance = balance + 1 WHERE id = 1");
        await tx.CommitAsync();
        Assert.Equal(51m, await s.ScalarAsync<decimal>($"SELECT balance FROM wallets WHERE id = 1"));
    }
}
