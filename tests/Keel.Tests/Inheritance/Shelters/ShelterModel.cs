namespace Keel.Tests.Inheritance.Shelters;

// Animal shelters: an abstract Animal root (soft-deleted) with dogs (and guide dogs, mapped under Dog) and cats,
// navigations into the root (Shelter.Animals, Adopter.Favourite) and into a subtype with subtypes (Keeper.Dogs), one
// on the root (Animal.Shelter) and ones declared by a subtype (Dog.Keeper, Dog.Toys).

public sealed class Shelter
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public List<Animal> Animals { get; set; } = [];
}

public sealed class Keeper
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public List<Dog> Dogs { get; set; } = [];
}

public sealed class Toy
{
    public int Id { get; set; }

    public Guid DogId { get; set; }

    public required string Name { get; set; }
}

public sealed class Adopter
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public Guid? FavouriteId { get; set; }

    public Animal? Favourite { get; set; }
}

public abstract class Animal
{
    public Guid Id { get; set; }

    public int ShelterId { get; set; }

    public Shelter? Shelter { get; set; }

    public required string Name { get; set; }

    public DateTimeOffset? DeletedAt { get; set; }
}

public class Dog : Animal
{
    public bool Fetches { get; set; }

    public int? KeeperId { get; set; }

    public Keeper? Keeper { get; set; }

    public List<Toy> Toys { get; set; } = [];
}

public sealed class Cat : Animal
{
    public int Lives { get; set; } = 9;
}

public sealed class GuideDog : Dog
{
    public required string Handler { get; set; }
}
