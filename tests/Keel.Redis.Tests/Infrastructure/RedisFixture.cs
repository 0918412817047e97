namespace Keel.Redis.Tests;

/// <summary>One redis-server per test class (classes run in parallel), plus a shared client connection to it.</summary>
public sealed class RedisFixture : IAsyncLifetime
{
    private RedisServer? _server;
    private RedisConnection? _connection;

    public RedisServer Server => _server ?? throw new InvalidOperationException("The fixture is not initialized.");

    public RedisConnection Connection => _connection ?? throw new InvalidOperationException("The fixture is not initialized.");

    public async Task InitializeAsync()
    {
        _server = await RedisServer.StartAsync();
        _connection = new RedisConnection(_server.Options);
        await _connection.ConnectAsync();
    }

    /// <summary>A further connection of its own to the same server.</summary>
    public RedisConnection NewConnection(Func<RedisConnectionOptions, RedisConnectionOptions>? configure = null)
        => new(configure is null ? Server.Options : configure(Server.Options));

    public async Task DisposeAsync()
    {
        if (_connection is not null)
            await _connection.DisposeAsync();
        if (_server is not null)
            await _server.DisposeAsync();
    }
}
