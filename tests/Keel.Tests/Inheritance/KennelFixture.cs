namespace Keel.Tests.Inheritance;

/// <summary>
/// A database of its own with kennels and a single-table pet hierarchy, its tables created from the model:
/// kennels.champion_id, typed as a dog, references the pets table that holds every pet.
/// </summary>
public sealed class KennelFixture : IAsyncLifetime
{
    public DatabaseFixture Database { get; } = new();

    public KeelDataSource Keel => Database.Keel;

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        Keel.Entities.For<Pet>(e => e.SingleTable("kind").Subtype<Dog>("dog").Subtype<Cat>("cat")).Add<Kennel>();
        await Keel.Entities.EnsureSchemaAsync();
    }

    public Task DisposeAsync() => Database.DisposeAsync();
}
