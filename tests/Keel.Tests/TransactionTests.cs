namespace Keel.Tests;

public sealed class TransactionTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await using var s = await db.Keel.OpenSessionAsync();
        await s.ExecuteAsync($"CREATE TABLE IF NOT EXISTS notes (id serial PRIMARY KEY, body text NOT NULL, tag text)");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<long> CountAsync(string tag)
    {
        await using var s = await db.Keel.OpenSessionAsync();
        return await s.ScalarAsync<long>($"SELECT count(*) FROM notes WHERE tag = {tag}");
    }

    [Fact]
    public async Task Commit_makes_writes_visible_and_rollback_discards_them()
    {
        await using var s = await db.Keel.OpenSessionAsync();
        await using (var tx = await s.BeginTransactionAsync())
        {
            await tx.ExecuteAsync($"INSERT INTO notes (body, tag) VALUES ('kept', 'commit')");
            await tx.CommitAsync();
            Assert.True(tx.IsCompleted);
        }

        await using (var tx = await s.BeginTransactionAsync())
        {
            await tx.ExecuteAsync($"INSERT INTO notes (body, tag) VALUES ('gone', 'rollback')");
            await tx.RollbackAsync();
        }

        Assert.Equal(1, await CountAsync("commit"));
        Assert.Equal(0, await CountAsync("rollback"));
    }

    [Fact]
    public async Task Disposing_an_uncommitted_transaction_rolls_it_back()
    {
        await using (var s = await db.Keel.OpenSessionAsync())
        {
            await using var tx = await s.BeginTransactionAsync();
            await tx.ExecuteAsync($"INSERT INTO notes (body, tag) VALUES ('x', 'disposed')");
        }

        await using (var s = await db.Keel.OpenSessionAsync())
        {
            var tx = await s.BeginTransactionAsync();
            await tx.ExecuteAsync($"INSERT INTO notes (body, tag) VALUES ('x', 'session-disposed')");
        }

        Assert.Equal(0, await CountAsync("disposed"));
        Assert.Equal(0, await CountAsync("session-disposed"));
    }

    [Fact]
    public async Task Isolation_and_read_only_options_reach_the_server()
    {
        await using var s = await db.Keel.OpenSessionAsync();
        await using (var tx = await s.BeginTransactionAsync(new TransactionOptions { Isolation = Isolation.Serializable, ReadOnly = true, Deferrable = true }))
        {
            Assert.Equal("serializable", await tx.ScalarAsync<string>($"SHOW transaction_isolation"));
            Assert.Equal("on", await tx.ScalarAsync<string>($"SHOW transaction_read_only"));
            Assert.Equal("on", await tx.ScalarAsync<string>($"SHOW transaction_deferrable"));
            var e = await Assert.ThrowsAsync<KeelDatabaseException>(() => tx.ExecuteAsync($"INSERT INTO notes (body, tag) VALUES ('no', 'readonly')"));
            Assert.Equal("25006", e.SqlState);
        }

        await using (var tx = await s.BeginTransactionAsync(new TransactionOptions { Isolation = Isolation.RepeatableRead }))
            Assert.Equal("repeatable read", await tx.ScalarAsync<string>($"SHOW transaction_isolation"));
        Assert.Equal(0, await CountAsync("readonly"));
    }

    [Fact]
    public async Task Invalid_options_and_nested_begin_are_refused()
    {
        await using var s = await db.Keel.OpenSessionAsync();
        await Assert.ThrowsAsync<ArgumentException>(() => s.BeginTransactionAsync(new TransactionOptions { Deferrable = true }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => s.BeginTransactionAsync(new TransactionOptions { MaxRetries = -1 }));
        await using var tx = await s.BeginTransactionAsync();
        await Assert.ThrowsAsync<InvalidOperationException>(() => s.BeginTransactionAsync());
        await tx.CommitAsync();
        await Assert.ThrowsAsync<InvalidOperationException>(() => tx.ExecuteAsync($"SELECT 1"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => tx.CommitAsync());
    }

    [Fact]
    public async Task Committing_after_an_unhandled_server_error_rolls_back_and_says_so()
    {
        var callbacks = 0;
        await using var s = await db.Keel.OpenSessionAsync();
        await using (var tx = await s.BeginTransactionAsync())
        {
            await tx.ExecuteAsync($"INSERT INTO notes (body, tag) VALUES ('lost', 'aborted')");
            await Assert.ThrowsAsync<KeelDatabaseException>(() => tx.ExecuteAsync($"SELECT 1/0"));
            tx.OnCommitted(() => callbacks++);
            await Assert.ThrowsAsync<TransactionAbortedException>(() => tx.CommitAsync());
            Assert.True(tx.IsCompleted);
        }

        await Assert.ThrowsAsync<TransactionAbortedException>(() => s.InTransactionAsync(async (tx, ct) =>
        {
            await tx.ExecuteAsync($"INSERT INTO notes (body, tag) VALUES ('lost', 'aborted')", ct);
            try
            {
                await tx.ExecuteAsync($"INSERT INTO no_such_table VALUES (1)", ct);
            }
            catch (KeelDatabaseException)
            {
                // Swallowed without a savepoint: the transaction is still aborted on the server.
            }
        }));
        Assert.Equal(0, callbacks);
        Assert.Equal(0, await CountAsync("aborted"));
    }

    [Fact]
    public async Task A_mapping_error_does_not_abort_the_transaction()
    {
        await using var s = await db.Keel.OpenSessionAsync();
        await using var tx = await s.BeginTransactionAsync();
        await tx.ExecuteAsync($"INSERT INTO notes (body, tag) VALUES ('kept', 'mapping'), ('kept', 'mapping')");
        await Assert.ThrowsAsync<KeelException>(() => tx.QuerySingleOrDefaultAsync<string>($"SELECT body FROM notes WHERE tag = 'mapping'"));
        await tx.CommitAsync();
        Assert.Equal(2, await CountAsync("mapping"));
    }

    [Fact]
    public async Task OnCommitted_runs_after_commit_only()
    {
        var ran = new List<string>();
        await using var s = await db.Keel.OpenSessionAsync();
        await using (var tx = await s.BeginTransactionAsync())
        {
            await tx.ExecuteAsync($"INSERT INTO notes (body, tag) VALUES ('a', 'callbacks')");
            tx.OnCommitted(() => ran.Add("sync"));
            tx.OnCommitted(async ct =>
            {
                // After commit, another session sees the row.
                await using var other = await db.Keel.OpenSessionAsync(ct);
                ran.Add("async:" + await other.ScalarAsync<long>($"SELECT count(*) FROM notes WHERE tag = 'callbacks'", ct));
            });
            Assert.Empty(ran);
            await tx.CommitAsync();
        }

        Assert.Equal(["sync", "async:1"], ran);
        await using (var tx = await s.BeginTransactionAsync())
        {
            tx.OnCommitted(() => ran.Add("rolled back"));
            await tx.RollbackAsync();
        }

        Assert.Equal(2, ran.Count);
    }

    [Fact]
    public async Task A_failing_callback_reports_that_the_commit_happened()
    {
        await using var s = await db.Keel.OpenSessionAsync();
        await using var tx = await s.BeginTransactionAsync();
        await tx.ExecuteAsync($"INSERT INTO notes (body, tag) VALUES ('a', 'callback-fails')");
        tx.OnCommitted(() => throw new InvalidOperationException("cache down"));
        var e = await Assert.ThrowsAsync<CommittedCallbackException>(() => tx.CommitAsync());
        Assert.IsType<InvalidOperationException>(Assert.Single(((AggregateException)e.InnerException!).InnerExceptions));
        Assert.Equal(1, await CountAsync("callback-fails"));
    }

    [Fact]
    public async Task InTransactionAsync_commits_and_returns_the_result()
    {
        var id = await db.Keel.InTransactionAsync(async (tx, ct) =>
            await tx.ScalarAsync<int>($"INSERT INTO notes (body, tag) VALUES ('r', 'result') RETURNING id", ct));
        Assert.True(id > 0);
        Assert.Equal(1, await CountAsync("result"));
    }

    [Fact]
    public async Task InTransactionAsync_does_not_retry_other_errors_and_rolls_back()
    {
        var attempts = 0;
        await Assert.ThrowsAsync<KeelDatabaseException>(() => db.Keel.InTransactionAsync(async (tx, ct) =>
        {
            attempts++;
            await tx.ExecuteAsync($"INSERT INTO notes (body, tag) VALUES ('x', 'not-retried')", ct);
            await tx.ExecuteAsync($"SELECT 1/0", ct);
        }));
        Assert.Equal(1, attempts);
        Assert.Equal(0, await CountAsync("not-retried"));
    }

    [Fact]
    public async Task InTransactionAsync_retries_a_serialization_failure_and_runs_the_delegate_again()
    {
        await using var setup = await db.Keel.OpenSessionAsync();
        await setup.ExecuteAsync($"CREATE TABLE IF NOT EXISTS counters (id int PRIMARY KEY, v int NOT NULL); INSERT INTO counters VALUES (1, 0) ON CONFLICT DO NOTHING");
        using var meter = new MeterRecorder();
        var attempts = 0;
        var callbacks = 0;
        await db.Keel.InTransactionAsync(async (tx, ct) =>
        {
            attempts++;
            var v = await tx.ScalarAsync<int>($"SELECT v FROM counters WHERE id = 1", ct);
            if (attempts == 1)
            {
                // A concurrent writer commits after this snapshot was taken: the update below must fail with 40001.
                await using var other = await db.Keel.OpenSessionAsync(ct);
                await other.ExecuteAsync($"UPDATE counters SET v = v + 100 WHERE id = 1", ct);
            }

            tx.OnCommitted(() => callbacks++);
            await tx.ExecuteAsync($"UPDATE counters SET v = {v + 1} WHERE id = 1", ct);
        }, TransactionOptions.Serializable);
        Assert.Equal(2, attempts);
        Assert.Equal(1, callbacks);
        Assert.Equal(101, await setup.ScalarAsync<int>($"SELECT v FROM counters WHERE id = 1"));
        Assert.True(meter.Count("keel.transaction.retries") >= 1);
        Assert.True(meter.Count("keel.transaction.serialization_failures") >= 1);
    }

    [Fact]
    public async Task A_serialization_failure_raised_by_COMMIT_is_retried()
    {
        // Write skew: each transaction reads both rows and updates one; SERIALIZABLE detects the cycle, and the
        // second to commit fails — at COMMIT time, since neither write conflicts directly.
        await using var setup = await db.Keel.OpenSessionAsync();
        await setup.ExecuteAsync($"CREATE TABLE IF NOT EXISTS oncall (doctor text PRIMARY KEY, on_call bool NOT NULL)");
        await setup.ExecuteAsync($"DELETE FROM oncall; INSERT INTO oncall VALUES ('alice', true), ('bob', true)");
        await using var other = await db.Keel.OpenSessionAsync();
        await using var blocker = await other.BeginTransactionAsync(TransactionOptions.Serializable);
        await blocker.ScalarAsync<long>($"SELECT count(*) FROM oncall WHERE on_call");
        await blocker.ExecuteAsync($"UPDATE oncall SET on_call = false WHERE doctor = 'bob'");

        var attempts = 0;
        string? failedAt = null;
        await db.Keel.InTransactionAsync(async (tx, ct) =>
        {
            attempts++;
            var onCall = await tx.ScalarAsync<long>($"SELECT count(*) FROM oncall WHERE on_call", ct);
            if (onCall >= 2)
                await tx.ExecuteAsync($"UPDATE oncall SET on_call = false WHERE doctor = 'alice'", ct);
            if (attempts == 1)
            {
                await blocker.CommitAsync(ct);
                failedAt = "commit";
            }
        }, TransactionOptions.Serializable);

        Assert.Equal("commit", failedAt);
        Assert.Equal(2, attempts);
        // The retry saw bob off call and left alice on: one doctor stays on call.
        Assert.Equal(1L, await setup.ScalarAsync<long>($"SELECT count(*) FROM oncall WHERE on_call"));
    }

    [Fact]
    public async Task Exhausted_retries_throw_TransactionRetryExhaustedException_with_the_attempts()
    {
        var attempts = 0;
        var e = await Assert.ThrowsAsync<TransactionRetryExhaustedException>(() => db.Keel.InTransactionAsync(async (tx, ct) =>
        {
            attempts++;
            await tx.ExecuteAsync($"INSERT INTO notes (body, tag) VALUES ('x', 'exhausted')", ct);
            // Raise a genuine 40001 from the server.
            await tx.ExecuteAsync($"DO $$ BEGIN RAISE EXCEPTION 'forced' USING ERRCODE = 'serialization_failure'; END $$", ct);
        }, new TransactionOptions { MaxRetries = 3, RetryBaseDelay = TimeSpan.FromMilliseconds(1) }));
        Assert.Equal(4, attempts);
        Assert.Equal(4, e.Attempts);
        Assert.IsType<SerializationFailureException>(e.LastError);
        Assert.Equal(0, await CountAsync("exhausted"));
    }
}
