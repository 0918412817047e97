using Keel.Embedded;

namespace Keel.Tests;

/// <summary>
/// One PostgreSQL cluster for the whole test run (xunit 2 has no assembly fixtures, so a lazy singleton stopped at
/// process exit), plus a template database every test class's database is cloned from.
/// </summary>
public static class TestCluster
{
    public const string TemplateDatabase = "keel_test_template";

    private static readonly Lazy<Task<IPostgresServer>> Server = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    public static Task<IPostgresServer> GetAsync() => Server.Value;

    private static async Task<IPostgresServer> StartAsync()
    {
        var options = new EmbeddedPostgresOptions { MaxConnections = 300 };
        options.Settings["synchronous_standby_names"] = string.Empty;
        var server = await PostgresServer.StartAsync(options);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        await server.DropDatabaseAsync(TemplateDatabase);
        await server.CreateDatabaseAsync(TemplateDatabase);
        return server;
    }
}
