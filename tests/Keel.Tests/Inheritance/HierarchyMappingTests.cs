namespace Keel.Tests.Inheritance;

public sealed class HierarchyMappingTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    public abstract class Shape
    {
        public int Id { get; set; }

        public string Name { get; set; } = string.Empty;
    }

    public sealed class Circle : Shape
    {
        public double Radius { get; set; }

        public string Kind { get; set; } = string.Empty;
    }

    public sealed class Square : Shape
    {
        public double Side { get; set; }

        public DateTimeOffset UpdatedAt { get; set; }
    }

    [Fact]
    public async Task Subtypes_need_a_strategy_first_and_valid_distinct_values()
    {
        await using var keel = database.CreateDataSource();
        Assert.Throws<InvalidOperationException>(() => keel.Entities.For<Content>(e => e.Subtype<Article>("article")));
        Assert.Throws<ArgumentException>(() => keel.Entities.For<Content>(e => e.SingleTable().Subtype<Article>("it's")));
        Assert.Throws<InvalidOperationException>(() => keel.Entities.For<Content>(e => e.SingleTable().Subtype<Article>("a").Subtype<Video>("a")));
        Assert.Throws<InvalidOperationException>(() => keel.Entities.For<Content>(e => e.SingleTable().JoinedTables()));
        Assert.Throws<InvalidOperationException>(() => keel.Entities.For<Content>(e => e.SingleTable()));
    }

    [Fact]
    public async Task A_subtype_column_named_like_the_discriminator_is_refused()
    {
        await using var keel = database.CreateDataSource();
        var error = Assert.Throws<InvalidOperationException>(() => keel.Entities.For<Shape>(e => e.SingleTable("kind").Subtype<Circle>("circle")));
        Assert.Contains("Circle.Kind", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_subtype_declaring_a_maintained_column_is_refused()
    {
        await using var keel = database.CreateDataSource();
        var error = Assert.Throws<InvalidOperationException>(() => keel.Entities.For<Shape>(e => e.JoinedTables("type").Subtype<Square>("square")));
        Assert.Contains("Square.UpdatedAt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Table_per_concrete_type_with_identity_keys_has_no_schema_but_a_shared_sequence_does()
    {
        await using var keel = database.CreateDataSource();
        keel.Entities.For<Shape>(e => e.TablePerConcreteType("type").Subtype<Circle>("circle", c => c.ToTable("circles")));
        Assert.Throws<NotSupportedException>(() => keel.Entities.SchemaSql);

        await using var shared = database.CreateDataSource();
        shared.Entities.For<Shape>(e => e.TablePerConcreteType("type")
            .Property(s => s.Id, p => p.HasDefaultSql("nextval('shape_ids')"))
            .Subtype<Circle>("circle"));
        Assert.Contains("\"id\" integer NOT NULL DEFAULT nextval('shape_ids')", shared.Entities.SchemaSql, StringComparison.Ordinal);
        Assert.DoesNotContain("IDENTITY", shared.Entities.SchemaSql, StringComparison.Ordinal);
        await using var session = await shared.OpenSessionAsync();
        await session.ExecuteAsync($"CREATE SEQUENCE shape_ids");
        await shared.Entities.EnsureSchemaAsync();
        var shapes = new Repository<Shape, int>(shared);
        var first = await shapes.InsertAsync(new Circle { Name = "a", Radius = 1 });
        var second = await new Repository<Circle, int>(shared).InsertAsync(new Circle { Name = "b", Radius = 2 });
        Assert.Equal(first.Id + 1, second.Id);
        Assert.Equal([first.Id, second.Id], (await shapes.Query().OrderBy(s => s.Id).ToListAsync()).Select(s => s.Id));
    }
}
