using Keel.Embedded;

namespace Keel.Tests;

/// <summary>
/// A COMMIT whose connection dies before the answer arrives. The server below waits for a synchronous standby that
/// never comes, so COMMIT hangs (already durable locally) until the backend is terminated: the client cannot know.
/// </summary>
public sealed class CommitOutcomeTests : IAsyncLifetime
{
    private EmbeddedPostgres _server = null!;
    private KeelDataSource _keel = null!;

    public async Task InitializeAsync()
    {
        var options = new EmbeddedPostgresOptions();
        options.Settings["synchronous_standby_names"] = "keel_no_such_standby";
        _server = await EmbeddedPostgres.StartAsync(options);
        _keel = KeelDataSource.Create(_server.ConnectionString);
        await using var s = await _keel.OpenSessionAsync();
        await s.ExecuteAsync($"CREATE TABLE orders (id int PRIMARY KEY)");
    }

    public async Task DisposeAsync()
    {
        await _keel.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task A_connection_lost_during_COMMIT_is_reported_as_unknown_and_never_retried()
    {
        var attempts = 0;
        var killer = KillBackendWaitingForCommitAsync();
        var e = await Assert.ThrowsAsync<CommitOutcomeUnknownException>(() => _keel.InTransactionAsync(async (tx, ct) =>
        {
            attempts++;
            await tx.ExecuteAsync($"SET LOCAL synchronous_commit = on", ct);
            await tx.ExecuteAsync($"INSERT INTO orders VALUES ({attempts})", ct);
        }, TransactionOptions.Serializable));
        await killer;

        Assert.Equal(1, attempts);
        Assert.NotNull(e.InnerException);
        // The outcome really was unknowable from the client: the server had committed locally.
        await using var s = await _keel.OpenSessionAsync();
        Assert.Equal(1L, await s.ScalarAsync<long>($"SELECT count(*) FROM orders"));
    }

    private async Task KillBackendWaitingForCommitAsync()
    {
        await using var admin = await _keel.OpenSessionAsync();
        for (var i = 0; i < 500; i++)
        {
            var killed = await admin.ScalarAsync<bool>(
                $"SELECT coalesce(bool_or(pg_terminate_backend(pid)), false) FROM pg_stat_activity WHERE wait_event = 'SyncRep'");
            if (killed)
                return;
            await Task.Delay(20);
        }

        throw new TimeoutException("No backend ever waited for synchronous replication.");
    }
}
