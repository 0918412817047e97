using System.Text.Json.Serialization;

namespace Keel.Tests.Documents;

public sealed record Gadget
{
    public Guid Id { get; init; }

    public required string Name { get; init; }

    public int StockLevel { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(Gadget))]
[JsonSerializable(typeof(Guid))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(string))]
public sealed partial class GadgetJsonContext : JsonSerializerContext;

public sealed class SourceGeneratedJsonTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task A_source_generated_context_serializes_and_names_members_for_queries()
    {
        db.Keel.Documents.For<Gadget>(d => d.Table("gadgets").Json(GadgetJsonContext.Default.Gadget).Index(g => g.StockLevel));
        await db.Keel.Documents.EnsureSchemaAsync();
        var gadgets = new DocumentRepository<Gadget>(db.Keel);
        await gadgets.InsertAsync(new Gadget { Name = "Sprocket", StockLevel = 3 });
        await gadgets.InsertAsync(new Gadget { Name = "Widget", StockLevel = 12 });

        var low = await gadgets.Query().Where(g => g.StockLevel < 5 && g.Name == "Sprocket").ToListAsync();
        Assert.Equal("Sprocket", Assert.Single(low).Name);
        await using var s = await db.Keel.OpenSessionAsync();
        Assert.Equal(12, await s.ScalarAsync<int>($"SELECT (data->>'stock_level')::int FROM gadgets WHERE data->>'name' = 'Widget'"));
        Assert.Contains("((data->>'stock_level')::integer)", db.Keel.Documents.Mapping<Gadget>().SchemaSql, StringComparison.Ordinal);
    }
}
