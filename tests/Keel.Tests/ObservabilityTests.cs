using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Keel.Tests;

public sealed class ObservabilityTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Every_command_records_duration_with_operation_and_outcome()
    {
        using var meter = new MeterRecorder();
        await using var keel = db.CreateDataSource(o => o.Name = "metrics-" + Guid.NewGuid());
        await using var s = await keel.OpenSessionAsync();
        var marker = Guid.NewGuid().ToString();
        await s.QueryAsync<string>($"SELECT {marker} FROM generate_series(1, 3)");
        await Assert.ThrowsAsync<KeelDatabaseException>(() => s.ExecuteAsync($"SELECT 1/0"));
        var durations = meter.Measurements.Where(m => m.Instrument == "keel.command.duration").ToList();
        Assert.Contains(durations, m => Tag(m.Tags, "operation") == "query" && Tag(m.Tags, "outcome") == "ok");
        Assert.Contains(durations, m => Tag(m.Tags, "operation") == "execute" && Tag(m.Tags, "outcome") == "error");
        Assert.Contains(meter.Measurements, m => m.Instrument == "keel.command.errors" && Tag(m.Tags, "error") == "22012");
        Assert.Contains(meter.Measurements, m => m.Instrument == "keel.command.rows" && m.Value == 3);
    }

    [Fact]
    public async Task Transactions_record_their_duration_and_outcome()
    {
        using var meter = new MeterRecorder();
        await using var s = await db.Keel.OpenSessionAsync();
        await using (var tx = await s.BeginTransactionAsync())
        {
            await tx.ScalarAsync<int>($"SELECT 1");
            await tx.CommitAsync();
        }

        await using (var tx = await s.BeginTransactionAsync())
            await tx.RollbackAsync();
        var outcomes = meter.Measurements.Where(m => m.Instrument == "keel.transaction.duration").Select(m => Tag(m.Tags, "outcome")).ToList();
        Assert.Contains("commit", outcomes);
        Assert.Contains("rollback", outcomes);
    }

    [Fact]
    public async Task Spans_carry_the_statement_but_never_parameter_values_unless_opted_in()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == KeelTracing.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var secret = "card-4111-" + Guid.NewGuid();

        await using (var s = await db.Keel.OpenSessionAsync())
            await s.ScalarAsync<string>($"SELECT {secret}::text AS redacted_probe");
        var span = spans.Single(a => (a.GetTagItem("db.statement") as string)?.Contains("redacted_probe", StringComparison.Ordinal) == true);
        Assert.Equal("postgresql", span.GetTagItem("db.system"));
        Assert.Equal(ActivityKind.Client, span.Kind);
        Assert.DoesNotContain(span.Tags, t => t.Value?.Contains(secret, StringComparison.Ordinal) == true);

        await using (var keel = db.CreateDataSource(o => o.IncludeParameterValues = true))
        await using (var s = await keel.OpenSessionAsync())
            await s.ScalarAsync<string>($"SELECT {secret}::text AS opted_in_probe");
        var opted = spans.Single(a => (a.GetTagItem("db.statement") as string)?.Contains("opted_in_probe", StringComparison.Ordinal) == true);
        Assert.Contains(secret, opted.GetTagItem("db.statement.parameters") as string, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Slow_commands_are_logged_as_warnings_with_parameters_redacted()
    {
        var logs = new ListLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        await using var keel = db.CreateDataSource(o =>
        {
            o.LoggerFactory = factory;
            o.SlowCommandThreshold = TimeSpan.FromMilliseconds(20);
        });
        await using var s = await keel.OpenSessionAsync();
        var password = "p@ss-" + Guid.NewGuid();
        await s.ExecuteAsync($"SELECT pg_sleep(0.1), {password}::text");
        await s.ExecuteAsync($"SELECT 1");
        // Only the sleeping command is asserted: on a loaded machine even SELECT 1 may cross a 20 ms threshold.
        var slow = Assert.Single(logs.Entries, e => e.Level == LogLevel.Warning
            && e.Message.Contains("Slow SQL command", StringComparison.Ordinal) && e.Message.Contains("pg_sleep", StringComparison.Ordinal));
        Assert.Contains("<redacted String>", slow.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(password, slow.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains(password, StringComparison.Ordinal));
    }

    private static string? Tag(KeyValuePair<string, object?>[] tags, string key) => tags.FirstOrDefault(t => t.Key == key).Value as string;
}
