namespace Keel.Tests.Inheritance;

/// <summary>
/// A database of its own with kennels and a single-table pet hierarchy. The tables are written out: the schema
/// builder cannot yet point a foreign key at a single-table subtype (kennels.champion_id references a dog).
/// </summary>
public sealed class KennelFixture : IAsyncLifetime
{
    public DatabaseFixture Database { get; } = new();

    public KeelDataSource Keel => Database.Keel;

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        Keel.Entities.For<Pet>(e => e.SingleTable("kind").Subtype<Dog>("dog").Subtype<Cat>("cat")).Add<Kennel>();
        await using var session = await Keel.OpenSessionAsync();
        await session.ExecuteAsync(Sql.Raw("""
            CREATE TABLE pets (id serial PRIMARY KEY, kind text NOT NULL, kennel_id integer NOT NULL, name text NOT NULL, fetches boolean, lives integer);
            CREATE TABLE kennels (id serial PRIMARY KEY, name text NOT NULL, champion_id integer REFERENCES pets (id))
            """));
    }

    public Task DisposeAsync() => Database.DisposeAsync();
}
