namespace Keel.Tests.Inheritance;

/// <summary>Generated foreign keys that point into a class hierarchy: at the table that holds the target type's rows.</summary>
public sealed class HierarchyForeignKeyTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    public abstract class Animal
    {
        public Guid Id { get; set; }

        public required string Name { get; set; }
    }

    public sealed class Hound : Animal
    {
        public bool Fetches { get; set; }
    }

    public sealed class Tabby : Animal
    {
        public int Lives { get; set; }
    }

    public sealed class Shelter
    {
        public Guid Id { get; set; }

        public required string Name { get; set; }

        public Guid? FavoriteId { get; set; }

        public Hound? Favorite { get; set; }
    }

    public sealed class Adoption
    {
        public Guid Id { get; set; }

        public Guid AnimalId { get; set; }

        public Animal? Animal { get; set; }
    }

    [Theory]
    [InlineData(InheritanceStrategy.SingleTable, "fk_sti_animals")]
    [InlineData(InheritanceStrategy.JoinedTables, "fk_jti_hounds")]
    [InlineData(InheritanceStrategy.TablePerConcreteType, "fk_tpc_hounds")]
    public async Task A_foreign_key_to_a_subtype_references_the_table_that_holds_its_rows(InheritanceStrategy strategy, string referenced)
    {
        var prefix = referenced[..7];
        await using var keel = database.CreateDataSource();
        keel.Entities.For<Animal>(e => HierarchyFixture.Layout(e.ToTable(prefix + "animals"), strategy)
            .Subtype<Hound>("hound", h => h.ToTable(prefix + "hounds")).Subtype<Tabby>("tabby", t => t.ToTable(prefix + "tabbies")))
            .For<Shelter>(e => e.ToTable(prefix + "shelters"));

        Assert.Contains($"CONSTRAINT \"{prefix}shelters_favorite_id_fkey\" FOREIGN KEY (\"favorite_id\") REFERENCES \"public\".\"{referenced}\" (\"id\") ON DELETE NO ACTION", keel.Entities.SchemaSql, StringComparison.Ordinal);
        await keel.Entities.EnsureSchemaAsync();
        var animals = new Repository<Animal, Guid>(keel);
        var shelters = new Repository<Shelter, Guid>(keel);
        var hound = await animals.InsertAsync(new Hound { Name = "Rex" });
        var tabby = await animals.InsertAsync(new Tabby { Name = "Tom" });

        await shelters.InsertAsync(new Shelter { Name = "kept", FavoriteId = hound.Id });
        await Assert.ThrowsAsync<ForeignKeyViolationException>(() => shelters.InsertAsync(new Shelter { Name = "missing", FavoriteId = Guid.NewGuid() }));
        if (strategy == InheritanceStrategy.SingleTable)
        {
            // One table holds every kind, so the database checks that the row exists, not that it is a hound.
            await shelters.InsertAsync(new Shelter { Name = "tabby", FavoriteId = tabby.Id });
        }
        else
        {
            await Assert.ThrowsAsync<ForeignKeyViolationException>(() => shelters.InsertAsync(new Shelter { Name = "tabby", FavoriteId = tabby.Id }));
        }

        Assert.Equal(strategy == InheritanceStrategy.SingleTable ? 2 : 1, await shelters.CountAsync());
        Assert.Equal(0, await shelters.CountAsync(s => s.Name == "missing"));
    }

    [Fact]
    public async Task A_foreign_key_to_a_table_per_concrete_type_root_throws_InvalidOperationException_naming_it()
    {
        await using var keel = database.CreateDataSource();
        keel.Entities.For<Animal>(e => e.TablePerConcreteType().Subtype<Hound>("hound", h => h.ToTable("root_hounds")).Subtype<Tabby>("tabby", t => t.ToTable("root_tabbies")))
            .For<Adoption>(e => e.ToTable("root_adoptions"));

        var error = Assert.Throws<InvalidOperationException>(() => keel.Entities.SchemaSql);

        Assert.Contains("Adoption.AnimalId references Animal", error.Message, StringComparison.Ordinal);
        Assert.Contains("no table of its own", error.Message, StringComparison.Ordinal);
    }
}
