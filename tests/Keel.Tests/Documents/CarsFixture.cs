using System.Text.Json;
using System.Text.Json.Serialization;

namespace Keel.Tests.Documents;

/// <summary>A database of its own with the test document types registered once and their tables created.</summary>
public sealed class CarsFixture : IAsyncLifetime
{
    public DatabaseFixture Database { get; } = new();

    public KeelDataSource Keel => Database.Keel;

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
        Keel.Documents.For<Car>(d => d.Table("cars").Index(c => c.RegNo, unique: true).Index(c => c.Year).GinIndex()
            .Duplicate(c => c.SoldAt).SoftDelete().Json(json));
        Keel.Documents.For<Note>(d => d.Table("notes"));
        Keel.Documents.For<Driver>(d => d.Table("drivers").Index(x => x.Email, unique: true).MultiTenant());
        await Keel.Documents.EnsureSchemaAsync();
        // Idempotent: a second run changes nothing and does not fail.
        await Keel.Documents.EnsureSchemaAsync();
    }

    public Task DisposeAsync() => Database.DisposeAsync();
}
