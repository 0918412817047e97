using System.Text.Json.Serialization;

namespace Keel.Tests.Documents;

public enum Fuel
{
    Petrol,
    Diesel,
    Electric,
}

public sealed record Address(string Street, string City);

public sealed record Car
{
    public Guid Id { get; init; }

    public required string RegNo { get; init; }

    public required string Make { get; init; }

    public int Year { get; init; }

    public Fuel Fuel { get; init; }

    public string? OwnerEmail { get; init; }

    public DateTimeOffset? SoldAt { get; init; }

    public List<string> Tags { get; init; } = [];

    public int Visits { get; init; }

    public Address? Garage { get; init; }

    [JsonPropertyName("km")]
    public long Mileage { get; init; }
}

public sealed record Driver
{
    public required string Id { get; init; }

    public required string Email { get; init; }

    public required string Name { get; init; }
}

public sealed record Note
{
    public long Id { get; init; }

    public required string Text { get; init; }
}
