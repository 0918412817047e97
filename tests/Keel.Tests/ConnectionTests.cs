using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Keel.Tests;

public sealed class ConnectionTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Pool_snapshot_counts_busy_idle_and_open_sessions()
    {
        await using var keel = db.CreateDataSource(o => o.MaxPoolSize = 7);
        var sessions = new List<KeelSession>();
        for (var i = 0; i < 3; i++)
        {
            var s = await keel.OpenSessionAsync();
            await s.ScalarAsync<int>($"SELECT 1");
            sessions.Add(s);
        }

        var busy = keel.GetPoolSnapshot();
        Assert.Equal(3, busy.Busy);
        Assert.Equal(3, busy.OpenSessions);
        Assert.Equal(7, busy.Max);
        Assert.Equal(0, busy.Waiting);
        foreach (var s in sessions)
            await s.DisposeAsync();

        var idle = keel.GetPoolSnapshot();
        Assert.Equal(0, idle.Busy);
        Assert.Equal(3, idle.Idle);
        Assert.Equal(0, idle.OpenSessions);
    }

    [Fact]
    public async Task Pool_snapshot_counts_callers_waiting_for_a_connection()
    {
        await using var keel = db.CreateDataSource(o => o.MaxPoolSize = 1);
        var held = await keel.OpenSessionAsync();
        var waiter = keel.OpenSessionAsync().AsTask();
        for (var i = 0; i < 100 && keel.GetPoolSnapshot().Waiting == 0; i++)
            await Task.Delay(10);
        Assert.Equal(1, keel.GetPoolSnapshot().Waiting);
        await held.DisposeAsync();
        await using var second = await waiter;
        Assert.Equal(0, keel.GetPoolSnapshot().Waiting);
    }

    [Fact]
    public void Invalid_options_are_rejected_naming_the_option()
    {
        Assert.Contains("ConnectionString", Assert.Throws<ArgumentException>(() => KeelDataSource.Create(new KeelOptions())).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => KeelDataSource.Create(new KeelOptions { ConnectionString = db.ConnectionString, MaxPoolSize = 0 }));
        Assert.Throws<ArgumentException>(() => KeelDataSource.Create(new KeelOptions { ConnectionString = db.ConnectionString, MinPoolSize = 5, MaxPoolSize = 2 }));
        Assert.Throws<ArgumentException>(() => KeelDataSource.Create(new KeelOptions { ConnectionString = "Hots=oops;;=" }));
        Assert.Throws<ArgumentOutOfRangeException>(() => KeelDataSource.Create(new KeelOptions { ConnectionString = db.ConnectionString, AcquireTimeout = TimeSpan.Zero }));
    }

    [Fact]
    public async Task Options_reach_the_connection()
    {
        await using var keel = db.CreateDataSource(o =>
        {
            o.ApplicationName = "keel-tests-app";
            o.CommandTimeout = TimeSpan.FromSeconds(1);
        });
        await using var s = await keel.OpenSessionAsync();
        Assert.Equal("keel-tests-app", await s.ScalarAsync<string>($"SHOW application_name"));
        // The client-side command timeout cancels a longer statement.
        var e = await Assert.ThrowsAsync<CommandTimeoutException>(() => s.ExecuteAsync($"SELECT pg_sleep(5)"));
        Assert.Contains("pg_sleep", e.Message, StringComparison.Ordinal);
        await using var s2 = await keel.OpenSessionAsync();
        Assert.Equal(1, await s2.ScalarAsync<int>($"SELECT 1", new CommandOptions { Timeout = TimeSpan.FromSeconds(10) }));
    }

    [Fact]
    public async Task Health_check_is_healthy_with_latency_and_pool_usage()
    {
        await using var keel = db.CreateDataSource();
        var result = await new KeelHealthCheck(keel).CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.True((double)result.Data["latency_ms"] > 0);
        Assert.Equal(40, result.Data["pool_max"]);
    }

    [Fact]
    public async Task Health_check_is_unhealthy_when_the_server_cannot_be_reached()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await using var keel = KeelDataSource.Create($"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres");
        var check = new KeelHealthCheck(keel) { Timeout = TimeSpan.FromSeconds(2) };
        var result = await check.CheckHealthAsync(new HealthCheckContext
        {
            Registration = new HealthCheckRegistration("postgres", check, HealthStatus.Unhealthy, null),
        });
        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.NotNull(result.Exception);
    }

    [Fact]
    public async Task AddKeel_registers_the_data_source_and_the_health_check()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddKeel(o =>
        {
            o.ConnectionString = db.ConnectionString;
            o.Name = "di-pool";
        });
        services.AddHealthChecks().AddCheck<KeelHealthCheck>("postgres");
        await using var provider = services.BuildServiceProvider();
        var keel = provider.GetRequiredService<KeelDataSource>();
        Assert.Same(keel, provider.GetRequiredService<KeelDataSource>());
        Assert.Equal("di-pool", keel.Name);
        await using (var s = await keel.OpenSessionAsync())
            Assert.Equal(5, await s.ScalarAsync<int>($"SELECT 5"));
        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        Assert.Equal(HealthStatus.Healthy, report.Status);
    }
}
