namespace Keel.Benchmarks;

/// <summary>An item row joined with its product, as Keel maps it by column name; <see cref="ToItem"/> builds the graph.</summary>
internal sealed record OrderItemRow(int Id, int OrderId, int ProductId, int Quantity, decimal UnitPrice, string ProductName, decimal ProductPrice)
{
    public BenchOrderItem ToItem() => new()
    {
        Id = Id,
        OrderId = OrderId,
        ProductId = ProductId,
        Quantity = Quantity,
        UnitPrice = UnitPrice,
        Product = new BenchProduct { Id = ProductId, Name = ProductName, Price = ProductPrice },
    };
}
