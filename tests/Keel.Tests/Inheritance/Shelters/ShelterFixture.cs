namespace Keel.Tests.Inheritance.Shelters;

/// <summary>
/// A database of its own with the shelter model, the animals laid out by one strategy and every table created from
/// the model. A table per concrete type has no animals table for adopters.favourite_id to reference, so there the
/// adopters table is written out without that foreign key.
/// </summary>
public abstract class ShelterFixture(InheritanceStrategy strategy) : IAsyncLifetime
{
    public DatabaseFixture Database { get; } = new();

    public KeelDataSource Keel => Database.Keel;

    public InheritanceStrategy Strategy { get; } = strategy;

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        Keel.Entities.For<Animal>(e => HierarchyFixture.Layout(e, Strategy).Subtype<Dog>("dog", d => d.Subtype<GuideDog>("guide")).Subtype<Cat>("cat")).Add<Shelter>().Add<Keeper>().Add<Toy>();
        if (Strategy != InheritanceStrategy.TablePerConcreteType)
            Keel.Entities.Add<Adopter>();
        await Keel.Entities.EnsureSchemaAsync();
        if (Strategy != InheritanceStrategy.TablePerConcreteType)
            return;
        Keel.Entities.Add<Adopter>();
        await using var session = await Keel.OpenSessionAsync();
        await session.ExecuteAsync($"CREATE TABLE adopters (id serial PRIMARY KEY, name text NOT NULL, favourite_id uuid)");
    }

    public Task DisposeAsync() => Database.DisposeAsync();
}

public sealed class SingleTableShelterFixture() : ShelterFixture(InheritanceStrategy.SingleTable);

public sealed class JoinedTablesShelterFixture() : ShelterFixture(InheritanceStrategy.JoinedTables);

public sealed class TablePerConcreteTypeShelterFixture() : ShelterFixture(InheritanceStrategy.TablePerConcreteType);
