namespace Keel.Tests.Inheritance.Shelters;

/// <summary>Where the schema puts a subtype's foreign key (Dog.KeeperId) in each layout.</summary>
public sealed class SubtypeNavigationSchemaTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Single_table_puts_a_subtypes_foreign_key_in_the_one_table_as_nullable()
    {
        var schema = await SchemaAsync(InheritanceStrategy.SingleTable);

        var animals = Table(schema, "animals");
        Assert.Contains("\"keeper_id\" integer,", animals, StringComparison.Ordinal);
        Assert.Contains("CONSTRAINT \"animals_keeper_id_fkey\" FOREIGN KEY (\"keeper_id\") REFERENCES \"public\".\"keepers\" (\"id\") ON DELETE NO ACTION", animals, StringComparison.Ordinal);
        Assert.Contains("CREATE INDEX IF NOT EXISTS \"animals_keeper_id_idx\" ON \"public\".\"animals\" (\"keeper_id\")", schema, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Joined_tables_put_a_subtypes_foreign_key_in_the_subtypes_table()
    {
        var schema = await SchemaAsync(InheritanceStrategy.JoinedTables);

        Assert.DoesNotContain("keeper_id", Table(schema, "animals"), StringComparison.Ordinal);
        Assert.Contains("CONSTRAINT \"dogs_keeper_id_fkey\" FOREIGN KEY (\"keeper_id\") REFERENCES \"public\".\"keepers\" (\"id\")", Table(schema, "dogs"), StringComparison.Ordinal);
        Assert.DoesNotContain("keeper_id", Table(schema, "cats"), StringComparison.Ordinal);
        Assert.Contains("CREATE INDEX IF NOT EXISTS \"dogs_keeper_id_idx\" ON \"public\".\"dogs\" (\"keeper_id\")", schema, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Table_per_concrete_type_puts_a_subtypes_foreign_key_in_its_concrete_table_only()
    {
        var schema = await SchemaAsync(InheritanceStrategy.TablePerConcreteType);

        Assert.Contains("CONSTRAINT \"dogs_keeper_id_fkey\" FOREIGN KEY (\"keeper_id\") REFERENCES \"public\".\"keepers\" (\"id\")", Table(schema, "dogs"), StringComparison.Ordinal);
        Assert.Contains("CONSTRAINT \"dogs_shelter_id_fkey\" FOREIGN KEY (\"shelter_id\") REFERENCES \"public\".\"shelters\" (\"id\")", Table(schema, "dogs"), StringComparison.Ordinal);
        Assert.DoesNotContain("keeper_id", Table(schema, "cats"), StringComparison.Ordinal);
    }

    private async Task<string> SchemaAsync(InheritanceStrategy strategy)
    {
        await using var keel = database.CreateDataSource();
        keel.Entities.For<Animal>(e => HierarchyFixture.Layout(e, strategy).Subtype<Dog>("dog").Subtype<Cat>("cat")).Add<Shelter>().Add<Keeper>().Add<Toy>();
        return keel.Entities.SchemaSql;
    }

    /// <summary>The CREATE TABLE statement of <paramref name="table"/>.</summary>
    private static string Table(string schema, string table)
    {
        var start = schema.IndexOf($"CREATE TABLE IF NOT EXISTS \"public\".\"{table}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no table {table} in:\n{schema}");
        var end = schema.IndexOf(");", start, StringComparison.Ordinal);
        return schema[start..end];
    }
}
