namespace Keel.Benchmarks;

/// <summary>
/// The W4 document: about 1 KB of JSON with 15 members, among them a nested object and a list, like an order an
/// application keeps as one aggregate. A record with init-only members, the way Keel's docs model documents.
/// </summary>
public sealed record BenchDoc
{
    public Guid Id { get; init; }

    /// <summary>1..10,000: what the get-by-id checksum adds up.</summary>
    public int Number { get; init; }

    public required string Reference { get; init; }

    public required string CustomerName { get; init; }

    public required string CustomerEmail { get; init; }

    public required string Status { get; init; }

    public bool Paid { get; init; }

    public int Quantity { get; init; }

    public decimal Total { get; init; }

    public required string Currency { get; init; }

    public DateTimeOffset PlacedAt { get; init; }

    public DateTimeOffset? ShippedAt { get; init; }

    public required BenchAddress ShipTo { get; init; }

    public required List<BenchLine> Lines { get; init; }

    public required List<string> Tags { get; init; }

    public string? Note { get; init; }
}

/// <summary>The nested object of <see cref="BenchDoc"/>.</summary>
public sealed record BenchAddress(string Street, string City, string PostalCode, string Country);

/// <summary>An element of <see cref="BenchDoc.Lines"/>.</summary>
public sealed record BenchLine(string Sku, string Name, int Quantity, decimal UnitPrice);
