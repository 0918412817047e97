namespace Keel.Benchmarks;

/// <summary>The product an order item sells.</summary>
public sealed class BenchProduct
{
    public int Id { get; set; }

    public string Name { get; set; } = string.Empty;

    public decimal Price { get; set; }
}
