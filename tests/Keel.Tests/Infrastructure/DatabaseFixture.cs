using Keel.Embedded;

namespace Keel.Tests;

/// <summary>
/// A database of its own for one test class, cloned from the template, and a Keel data source over it.
/// Use it as <c>IClassFixture&lt;DatabaseFixture&gt;</c>; classes run in parallel without seeing each other's data.
/// </summary>
public sealed class DatabaseFixture : IAsyncLifetime
{
    public IPostgresServer Server { get; private set; } = null!;

    public string DatabaseName { get; } = "t_" + Guid.NewGuid().ToString("N")[..16];

    public string ConnectionString { get; private set; } = string.Empty;

    public KeelDataSource Keel { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await TestCluster.GetAsync();
        await Server.CreateDatabaseAsync(DatabaseName, TestCluster.TemplateDatabase);
        ConnectionString = Server.ConnectionStringFor(DatabaseName);
        Keel = CreateDataSource();
    }

    /// <summary>Another data source on this class's database, with options changed by <paramref name="configure"/>.</summary>
    public KeelDataSource CreateDataSource(Action<KeelOptions>? configure = null)
    {
        var options = new KeelOptions { ConnectionString = ConnectionString, MaxPoolSize = 40 };
        configure?.Invoke(options);
        return KeelDataSource.Create(options);
    }

    public async Task DisposeAsync()
    {
        await Keel.DisposeAsync();
        await Server.DropDatabaseAsync(DatabaseName);
    }
}
