namespace Keel.Benchmarks;

/// <summary>
/// W5 through Keel as docs/n-plus-one.md shows the DataLoader: the orders in one query, then every order asks a
/// loader for its items in the same turn (<c>Task.WhenAll</c>), which sends one <c>= ANY($1)</c> query for all of
/// them. One loader per load, because a loader's cache lives as long as its unit of work. And as
/// docs/relations.md shows includes: the orders, then one batched statement for the items with each item's product
/// joined in (<see cref="IncludeStrategy.Join"/>), which is the hand-written two-query load's very shape.
/// </summary>
internal sealed partial class KeelContender
{
    private Repository<BenchOrder, int>? _orders;

    public async Task<long> LoadOrdersWithIncludeAsync(int count, CancellationToken cancellationToken)
    {
        long checksum = 0;
        var orders = _orders ??= new Repository<BenchOrder, int>(_keel).In(Session);
        for (var op = 0; op < count; op++)
        {
            var customer = OrderData.CustomerFor(op);
            var loaded = await orders.Query().Where(o => o.CustomerId == customer).OrderBy(o => o.Id)
                .Include(o => o.Items).ThenInclude(i => i.Product, IncludeStrategy.Join)
                .ToListAsync(cancellationToken);
            checksum += OrderChecksum.Of(loaded);
        }

        return checksum;
    }

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

    /// <summary>The W5 tables follow Keel's conventions but for the items' key, which is OrderId, not BenchOrderId.</summary>
    private static void RegisterOrders(KeelDataSource keel)
        => keel.Entities.For<BenchOrder>(e => e.Navigation(o => o.Items, nameof(BenchOrderItem.OrderId)));

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
