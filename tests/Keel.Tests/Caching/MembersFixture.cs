namespace Keel.Tests.Caching;

public sealed record Member
{
    public Guid Id { get; init; }

    public required string Name { get; init; }

    public string City { get; init; } = "Oslo";

    public int Visits { get; init; }
}

/// <summary>A database with a members document table and the PostgreSQL L2 table.</summary>
public sealed class MembersFixture : IAsyncLifetime
{
    public DatabaseFixture Database { get; } = new();

    public KeelDataSource Keel => Database.Keel;

    public PostgresDistributedCache L2 { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        Keel.Documents.For<Member>(d => d.Table("members"));
        await Keel.Documents.EnsureSchemaAsync();
        L2 = await CacheTestKit.L2Async(Keel);
    }

    /// <summary>A cache on the shared L2 with a prefix of its own, so tests do not see each other's entries.</summary>
    public KeelCache NewCache(string? prefix = null) => new(new KeelCacheOptions { Distributed = L2, KeyPrefix = prefix ?? CacheTestKit.Unique("m") + ":" });

    /// <summary>Changes a member behind the cache's back, as another application would.</summary>
    public async Task RenameInDatabaseAsync(Guid id, string name)
    {
        await using var session = await Keel.OpenSessionAsync();
        await session.ExecuteAsync($"UPDATE members SET data = jsonb_set(data, '{{name}}', to_jsonb({name}::text)) WHERE id = {id}");
    }

    public async Task DisposeAsync()
    {
        await L2.DisposeAsync();
        await Database.DisposeAsync();
    }
}
