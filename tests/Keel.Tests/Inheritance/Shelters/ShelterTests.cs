using Keel.Tests.Repositories;

namespace Keel.Tests.Inheritance.Shelters;

/// <summary>Relations into a hierarchy's root and navigations declared on a subtype, run against each layout by the derived classes.</summary>
public abstract class ShelterTests(ShelterFixture fixture)
{
    protected ShelterFixture Fixture { get; } = fixture;

    private Repository<Shelter, int> Shelters => new(Fixture.Keel);

    private Repository<Animal, Guid> Animals => new(Fixture.Keel);

    private Repository<Dog, Guid> Dogs => new(Fixture.Keel);

    private Repository<Keeper, int> Keepers => new(Fixture.Keel);

    private Repository<Adopter, int> Adopters => new(Fixture.Keel);

    [Fact]
    public async Task Including_a_root_collection_reads_each_animal_as_its_concrete_type_in_one_command()
    {
        var (shelter, rex, tom) = await ShelterAsync();
        var other = await ShelterAsync();

        using var counter = new CommandCounter();
        var loaded = await Shelters.Query().Where(s => s.Id == shelter.Id || s.Id == other.Shelter.Id).OrderBy(s => s.Id).Include(s => s.Animals).ToListAsync();

        Assert.Equal(2, counter.Count);
        var animals = loaded[0].Animals.OrderBy(a => a.Name).ToList();
        Assert.Equal([typeof(Dog), typeof(Cat)], animals.Select(a => a.GetType()));
        var dog = (Dog)animals[0];
        Assert.Equal((rex.Id, "Rex", true, rex.KeeperId), (dog.Id, dog.Name, dog.Fetches, dog.KeeperId));
        Assert.Equal((tom.Id, 7), (animals[1].Id, ((Cat)animals[1]).Lives));
        Assert.Equal([other.Rex.Id, other.Tom.Id], loaded[1].Animals.OrderBy(a => a.Name).Select(a => a.Id));
    }

    [Fact]
    public async Task A_filtered_ordered_and_limited_root_include_is_still_one_command()
    {
        var (shelter, _, tom) = await ShelterAsync();

        using var counter = new CommandCounter();
        var loaded = await Shelters.Query().Where(s => s.Id == shelter.Id)
            .Include(s => s.Animals.Where(a => a.Name != "Gone").OrderByDescending(a => a.Name).Take(1)).FirstOrDefaultAsync();

        Assert.Equal(2, counter.Count);
        Assert.Contains("LATERAL", counter.Statements[1], StringComparison.Ordinal);
        Assert.Equal(tom.Id, Assert.IsType<Cat>(Assert.Single(loaded!.Animals)).Id);
    }

    [Fact]
    public async Task A_subtype_navigation_under_a_root_include_loads_for_that_subtype_only()
    {
        var (shelter, rex, _) = await ShelterAsync();

        using var counter = new CommandCounter();
        var withKeepers = await Shelters.Query().Where(s => s.Id == shelter.Id).Include(s => s.Animals).ThenInclude(a => ((Dog)a).Keeper).FirstOrDefaultAsync();
        var withToys = await Shelters.Query().Where(s => s.Id == shelter.Id).Include(s => s.Animals).ThenInclude(a => (a as Dog)!.Toys).FirstOrDefaultAsync();

        Assert.Equal(6, counter.Count);
        Assert.Equal(rex.KeeperId, withKeepers!.Animals.OfType<Dog>().Single().Keeper!.Id);
        Assert.Equal(["rope", "ball"], withToys!.Animals.OfType<Dog>().Single().Toys.Select(t => t.Name));
        Assert.Single(withToys.Animals.OfType<Cat>());
    }

    [Fact]
    public async Task Joining_a_reference_typed_as_the_root_reads_its_concrete_type_in_the_same_command()
    {
        var (_, rex, tom) = await ShelterAsync();
        var name = Unique("adopter");
        await Adopters.InsertAsync(new Adopter { Name = name, FavouriteId = rex.Id });
        await Adopters.InsertAsync(new Adopter { Name = name, FavouriteId = tom.Id });
        await Adopters.InsertAsync(new Adopter { Name = name });

        using var counter = new CommandCounter();
        var adopters = await Adopters.Query().Where(a => a.Name == name).OrderBy(a => a.Id)
            .Include(a => a.Favourite, IncludeStrategy.Join).ThenInclude(f => ((Dog)f!).Keeper, IncludeStrategy.Join)
            .ToListAsync();

        Assert.Equal(1, counter.Count);
        var dog = Assert.IsType<Dog>(adopters[0].Favourite);
        Assert.Equal((rex.Id, true, rex.KeeperId), (dog.Id, dog.Fetches, dog.Keeper!.Id));
        Assert.Equal(7, Assert.IsType<Cat>(adopters[1].Favourite).Lives);
        Assert.Null(adopters[2].Favourite);

        using var split = new CommandCounter();
        var again = await Adopters.Query().Where(a => a.Name == name).OrderBy(a => a.Id).Include(a => a.Favourite).ToListAsync();
        Assert.Equal(2, split.Count);
        Assert.Equal([typeof(Dog), typeof(Cat)], again.Take(2).Select(a => a.Favourite!.GetType()));
    }

    [Fact]
    public async Task A_polymorphic_query_joins_a_root_navigation_in_one_command()
    {
        var (shelter, rex, tom) = await ShelterAsync();

        using var counter = new CommandCounter();
        var animals = await Animals.Query().Where(a => a.ShelterId == shelter.Id).OrderBy(a => a.Name)
            .Include(a => a.Shelter, IncludeStrategy.Join).Include(a => ((Dog)a).Keeper, IncludeStrategy.Join).ToListAsync();

        Assert.Equal(1, counter.Count);
        Assert.Equal([rex.Id, tom.Id], animals.Select(a => a.Id));
        Assert.All(animals, a => Assert.Equal(shelter.Name, a.Shelter!.Name));
        Assert.Equal(rex.KeeperId, ((Dog)animals[0]).Keeper!.Id);
        Assert.Equal(7, ((Cat)animals[1]).Lives);
    }

    [Fact]
    public async Task A_subtype_repository_includes_the_subtypes_own_navigations()
    {
        var (shelter, rex, _) = await ShelterAsync();

        using var counter = new CommandCounter();
        var dog = await Dogs.Query().Where(d => d.ShelterId == shelter.Id).Include(d => d.Keeper).Include(d => d.Toys).FirstOrDefaultAsync();
        Assert.Equal(3, counter.Count);
        Assert.Equal((rex.Id, rex.KeeperId), (dog!.Id, dog.Keeper!.Id));
        Assert.Equal(["rope", "ball"], dog.Toys.Select(t => t.Name));

        using var joined = new CommandCounter();
        var again = await Dogs.Query().Where(d => d.ShelterId == shelter.Id).Include(d => d.Keeper, IncludeStrategy.Join).Include(d => d.Shelter, IncludeStrategy.Join).FirstOrDefaultAsync();
        Assert.Equal(1, joined.Count);
        Assert.Equal((rex.KeeperId, shelter.Name), (again!.Keeper!.Id, again.Shelter!.Name));
    }

    [Fact]
    public async Task A_polymorphic_query_includes_a_subtype_navigation_for_that_subtypes_rows_only()
    {
        var (shelter, rex, tom) = await ShelterAsync();

        using var counter = new CommandCounter();
        var animals = await Animals.Query().Where(a => a.ShelterId == shelter.Id).OrderBy(a => a.Name)
            .Include(a => ((Dog)a).Keeper).Include(a => ((Dog)a).Toys).ToListAsync();
        Assert.Equal(3, counter.Count);
        Assert.Equal([rex.Id, tom.Id], animals.Select(a => a.Id));
        Assert.Equal(rex.KeeperId, ((Dog)animals[0]).Keeper!.Id);
        Assert.Equal(2, ((Dog)animals[0]).Toys.Count);

        using var narrowed = new CommandCounter();
        var dogs = await Animals.Query().Where(a => a.ShelterId == shelter.Id).OfType<Dog>().Include(d => d.Keeper).ToListAsync();
        Assert.Equal(2, narrowed.Count);
        Assert.Equal(rex.KeeperId, Assert.Single(dogs).Keeper!.Id);
    }

    [Fact]
    public async Task Includes_read_a_subtype_of_a_subtype_as_its_most_derived_type()
    {
        var shelter = await Shelters.InsertAsync(new Shelter { Name = Unique("shelter") });
        var keeper = await Keepers.InsertAsync(new Keeper { Name = Unique("keeper") });
        var rex = await Animals.InsertAsync(new Dog { ShelterId = shelter.Id, Name = "Rex", KeeperId = keeper.Id });
        var sam = await Animals.InsertAsync(new GuideDog { ShelterId = shelter.Id, Name = "Sam", KeeperId = keeper.Id, Handler = "ann" });
        await Animals.InsertAsync(new Cat { ShelterId = shelter.Id, Name = "Tom" });

        using var counter = new CommandCounter();
        var loaded = await Shelters.Query().Where(s => s.Id == shelter.Id).Include(s => s.Animals).ThenInclude(a => ((Dog)a).Keeper).FirstOrDefaultAsync();
        var dogs = await Keepers.Query().Where(k => k.Id == keeper.Id).Include(k => k.Dogs.OrderBy(d => d.Name)).FirstOrDefaultAsync();

        Assert.Equal(5, counter.Count);
        var animals = loaded!.Animals.OrderBy(a => a.Name).ToList();
        Assert.Equal([typeof(Dog), typeof(GuideDog), typeof(Cat)], animals.Select(a => a.GetType()));
        Assert.Equal("ann", ((GuideDog)animals[1]).Handler);
        Assert.All(animals.OfType<Dog>(), d => Assert.Equal(keeper.Id, d.Keeper!.Id));
        Assert.Equal([(rex.Id, typeof(Dog)), (sam.Id, typeof(GuideDog))], dogs!.Dogs.Select(d => (d.Id, d.GetType())));
    }

    [Fact]
    public async Task Counting_a_subtypes_own_collection_is_one_command()
    {
        var (shelter, _, _) = await ShelterAsync();

        using var counter = new CommandCounter();
        var row = Assert.Single(await Dogs.Query().Where(d => d.ShelterId == shelter.Id).SelectAsync(d => new { d.Name, Toys = d.Toys.Count() }));

        Assert.Equal(1, counter.Count);
        Assert.Equal(("Rex", 2), (row.Name, row.Toys));
    }

    [Fact]
    public async Task A_subtype_foreign_key_to_a_missing_row_throws_ForeignKeyViolationException_and_writes_nothing()
    {
        var shelter = await Shelters.InsertAsync(new Shelter { Name = Unique("shelter") });

        var error = await Assert.ThrowsAsync<ForeignKeyViolationException>(() => Animals.InsertAsync(new Dog { ShelterId = shelter.Id, Name = "Stray", KeeperId = -1 }));

        Assert.Contains("keeper_id", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await Animals.CountAsync(a => a.ShelterId == shelter.Id));
    }

    [Fact]
    public void Casting_to_a_type_that_is_not_a_mapped_subtype_throws_NotSupportedException_naming_the_expression()
    {
        using var counter = new CommandCounter();

        var unmapped = Assert.Throws<NotSupportedException>(() => Animals.Query().Include(a => ((Stray)a).Owner));
        var column = Assert.Throws<NotSupportedException>(() => Animals.Query().Include(a => ((Dog)a).KeeperId));
        var collection = Assert.Throws<NotSupportedException>(() => Animals.Query().Include(a => ((Dog)a).Toys, IncludeStrategy.Join));

        Assert.Contains("the cast to Stray does not name a mapped subtype of Animal", unmapped.Message, StringComparison.Ordinal);
        Assert.Contains("Dog.KeeperId is a column", column.Message, StringComparison.Ordinal);
        Assert.Contains("Dog.Toys is a collection", collection.Message, StringComparison.Ordinal);
        Assert.Equal(0, counter.Count);
    }

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    /// <summary>A shelter with Rex (a dog with a keeper and two toys), Tom (a cat with 7 lives) and a soft-deleted dog.</summary>
    private async Task<(Shelter Shelter, Dog Rex, Cat Tom)> ShelterAsync()
    {
        var shelter = await Shelters.InsertAsync(new Shelter { Name = Unique("shelter") });
        var keeper = await Keepers.InsertAsync(new Keeper { Name = Unique("keeper") });
        var rex = (Dog)await Animals.InsertAsync(new Dog { ShelterId = shelter.Id, Name = "Rex", Fetches = true, KeeperId = keeper.Id });
        var tom = (Cat)await Animals.InsertAsync(new Cat { ShelterId = shelter.Id, Name = "Tom", Lives = 7 });
        var gone = await Animals.InsertAsync(new Dog { ShelterId = shelter.Id, Name = "Gone", KeeperId = keeper.Id });
        await Animals.DeleteAsync(gone);
        var toys = new Repository<Toy, int>(Fixture.Keel);
        await toys.InsertAsync(new Toy { DogId = rex.Id, Name = "rope" });
        await toys.InsertAsync(new Toy { DogId = rex.Id, Name = "ball" });
        await toys.InsertAsync(new Toy { DogId = gone.Id, Name = "bone" });
        return (shelter, rex, tom);
    }
}

/// <summary>A class of the model that is not mapped.</summary>
public sealed class Stray : Animal
{
    public Keeper? Owner { get; set; }
}

public sealed class SingleTableShelterTests(SingleTableShelterFixture fixture) : ShelterTests(fixture), IClassFixture<SingleTableShelterFixture>;

public sealed class JoinedTablesShelterTests(JoinedTablesShelterFixture fixture) : ShelterTests(fixture), IClassFixture<JoinedTablesShelterFixture>;

public sealed class TablePerConcreteTypeShelterTests(TablePerConcreteTypeShelterFixture fixture) : ShelterTests(fixture), IClassFixture<TablePerConcreteTypeShelterFixture>;
