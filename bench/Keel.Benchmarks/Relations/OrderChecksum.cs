namespace Keel.Benchmarks;

/// <summary>
/// The checksum every W5 contender returns for one load: each order's id plus each item's id, quantity and product
/// id. It also checks that each item hangs under its own order and carries its product, so a wrong stitch fails the run.
/// </summary>
internal static class OrderChecksum
{
    public static long Of(IReadOnlyList<BenchOrder> orders)
    {
        if (orders.Count != OrderData.OrdersPerCustomer)
            throw new InvalidOperationException($"W5: loaded {orders.Count} orders, expected {OrderData.OrdersPerCustomer}.");
        long sum = 0;
        for (var i = 0; i < orders.Count; i++)
        {
            var order = orders[i];
            sum += order.Id;
            var items = order.Items;
            if (items.Count != OrderData.ItemsPerOrder)
                throw new InvalidOperationException($"W5: order {order.Id} has {items.Count} items, expected {OrderData.ItemsPerOrder}.");
            for (var j = 0; j < items.Count; j++)
            {
                var item = items[j];
                if (item.OrderId != order.Id || item.Product.Id != item.ProductId)
                    throw new InvalidOperationException($"W5: item {item.Id} is stitched to order {order.Id} or to product {item.Product.Id} wrongly.");
                sum += item.Id + item.Quantity + item.Product.Id;
            }
        }

        return sum;
    }
}
