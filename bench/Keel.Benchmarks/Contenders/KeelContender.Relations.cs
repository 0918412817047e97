namespace Keel.Benchmarks;

/// <summary>
/// W5 through Keel as docs/n-plus-one.md shows the DataLoader: the orders in one query, then every order asks a
/// loader for its items in the same turn (<c>Task.WhenAll</c>), which sends one <c>= ANY($1)</c> query for all of
/// them. One loader per load, because a loader's cache lives as long as its unit of work.
/// </summary>
internal sealed partial class KeelContender
{
    public async Task<long> LoadOrdersWithLoaderAsync(int count, CancellationToken cancellationToken)
    {
        long checksum = 0;
        var session = Session;
        for (var op = 0; op < count; op++)
        {
            var customer = OrderData.CustomerFor(op);
            var orders = await session.QueryAsync<BenchOrder>(
                $"SELECT id, customer_id, placed_at FROM bench_orders WHERE customer_id = {customer} ORDER BY id", cancellationToken);
            var items = _keel.Loader<int, List<BenchOrderItem>>(async (ids, ct) =>
            {
                var rows = await session.QueryAsync<OrderItemRow>($"""
                    SELECT i.id, i.order_id, i.product_id, i.quantity, i.unit_price, p.name AS product_name, p.price AS product_price
                    FROM bench_order_items i JOIN bench_products p ON p.id = i.product_id WHERE i.order_id = ANY({ids}) ORDER BY i.id
                    """, ct);
                return GroupByOrder(rows, ids.Count);
            }, cancellationToken: cancellationToken);

            var loaded = await Task.WhenAll(orders.Select(o => items.LoadAsync(o.Id, cancellationToken)));
            for (var i = 0; i < orders.Count; i++)
                orders[i].Items = loaded[i] ?? [];
            checksum += OrderChecksum.Of(orders);
        }

        return checksum;
    }

    private static Dictionary<int, List<BenchOrderItem>> GroupByOrder(IReadOnlyList<OrderItemRow> rows, int orders)
    {
        var byOrder = new Dictionary<int, List<BenchOrderItem>>(orders);
        foreach (var row in rows)
        {
            if (!byOrder.TryGetValue(row.OrderId, out var items))
                byOrder.Add(row.OrderId, items = []);
            items.Add(row.ToItem());
        }

        return byOrder;
    }
}
