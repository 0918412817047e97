using Keel.Tests.Repositories;

namespace Keel.Tests.Inheritance;

/// <summary>Relations whose target is a type of a hierarchy: subtypes and roots load through includes and counts.</summary>
public sealed class HierarchyRelationTests(KennelFixture fixture) : IClassFixture<KennelFixture>
{
    private readonly Repository<Kennel, int> _kennels = new(fixture.Keel);
    private readonly Repository<Pet, int> _pets = new(fixture.Keel);

    [Fact]
    public async Task Including_a_single_table_subtype_collection_reads_only_that_subtype()
    {
        var (kennel, rex, _) = await KennelAsync();

        using var counter = new CommandCounter();
        var loaded = await _kennels.Query().Where(k => k.Id == kennel.Id).Include(k => k.Dogs).FirstOrDefaultAsync();

        Assert.Equal(2, counter.Count);
        Assert.Contains("t.\"kind\" = 'dog'", counter.Statements[1], StringComparison.Ordinal);
        var dog = Assert.Single(loaded!.Dogs);
        Assert.Equal((rex.Id, "Rex", true), (dog.Id, dog.Name, dog.Fetches));
    }

    [Fact]
    public async Task Joining_a_single_table_subtype_reference_reads_it_in_the_same_command()
    {
        var (kennel, rex, _) = await KennelAsync();

        using var counter = new CommandCounter();
        var loaded = await _kennels.Query().Where(k => k.Id == kennel.Id).Include(k => k.Champion, IncludeStrategy.Join).FirstOrDefaultAsync();

        Assert.Equal(1, counter.Count);
        Assert.Contains("j1.\"kind\" = 'dog'", counter.Statements[0], StringComparison.Ordinal);
        Assert.Equal(rex.Id, loaded!.Champion!.Id);
    }

    [Fact]
    public async Task Counting_a_subtype_or_a_root_collection_is_one_command()
    {
        var (kennel, _, _) = await KennelAsync();

        using var counter = new CommandCounter();
        var row = Assert.Single(await _kennels.Query().Where(k => k.Id == kennel.Id).SelectAsync(k => new { Dogs = k.Dogs.Count(), Pets = k.Pets.Count() }));

        Assert.Equal(1, counter.Count);
        Assert.Equal((1, 2), (row.Dogs, row.Pets));
    }

    [Fact]
    public async Task Including_a_hierarchy_root_reads_each_row_as_its_subtype()
    {
        var (kennel, rex, tom) = await KennelAsync();

        using var counter = new CommandCounter();
        var loaded = await _kennels.Query().Where(k => k.Id == kennel.Id).Include(k => k.Pets).FirstOrDefaultAsync();

        Assert.Equal(2, counter.Count);
        Assert.StartsWith("SELECT t.\"kind\", t.\"id\"", counter.Statements[1], StringComparison.Ordinal);
        Assert.Equal([(rex.Id, typeof(Dog)), (tom.Id, typeof(Cat))], loaded!.Pets.Select(p => (p.Id, p.GetType())));
    }

    /// <summary>A kennel with a dog (its champion) and a cat; another kennel's dog shows nothing leaks across.</summary>
    private async Task<(Kennel Kennel, Dog Rex, Cat Tom)> KennelAsync()
    {
        var kennel = await _kennels.InsertAsync(new Kennel { Name = "k-" + Guid.NewGuid().ToString("N")[..8] });
        var other = await _kennels.InsertAsync(new Kennel { Name = "k-" + Guid.NewGuid().ToString("N")[..8] });
        var rex = (Dog)await _pets.InsertAsync(new Dog { KennelId = kennel.Id, Name = "Rex", Fetches = true });
        var tom = (Cat)await _pets.InsertAsync(new Cat { KennelId = kennel.Id, Name = "Tom" });
        await _pets.InsertAsync(new Dog { KennelId = other.Id, Name = "Fido" });
        kennel.ChampionId = rex.Id;
        await _kennels.UpdateAsync(kennel);
        return (kennel, rex, tom);
    }
}
