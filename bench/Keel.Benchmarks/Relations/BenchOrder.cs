namespace Keel.Benchmarks;

/// <summary>
/// W5's parent: an order with its items. Plain classes with settable members, so every contender — Npgsql by hand,
/// EF Core (with navigations) and Keel — builds the very same object graph.
/// </summary>
public sealed class BenchOrder
{
    public int Id { get; set; }

    public int CustomerId { get; set; }

    public DateTime PlacedAt { get; set; }

    public List<BenchOrderItem> Items { get; set; } = [];
}
