namespace Keel.Tests.Inheritance;

// A small single-table hierarchy with relations into it: kennels hold pets (dogs and cats in one "pets" table) and
// may name a champion dog.

public sealed class Kennel
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public int? ChampionId { get; set; }

    public Dog? Champion { get; set; }

    public List<Dog> Dogs { get; set; } = [];

    public List<Pet> Pets { get; set; } = [];
}

public abstract class Pet
{
    public int Id { get; set; }

    public int KennelId { get; set; }

    public required string Name { get; set; }
}

public sealed class Dog : Pet
{
    public bool Fetches { get; set; }
}

public sealed class Cat : Pet
{
    public int Lives { get; set; } = 9;
}
