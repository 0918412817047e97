namespace Keel.Benchmarks;

/// <summary>One line of a <see cref="BenchOrder"/>, with the product it sells.</summary>
public sealed class BenchOrderItem
{
    public int Id { get; set; }

    public int OrderId { get; set; }

    public int ProductId { get; set; }

    public int Quantity { get; set; }

    public decimal UnitPrice { get; set; }

    public BenchProduct Product { get; set; } = null!;
}
