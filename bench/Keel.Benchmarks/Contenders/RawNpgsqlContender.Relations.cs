using Npgsql;

namespace Keel.Benchmarks;

/// <summary>
/// W5 by hand, three ways an expert writes it with reused, prepared commands: the N+1 loop (one items query per
/// order), two queries stitched by key (orders, then every order's items with <c>= ANY($1)</c>), and one LEFT JOIN
/// whose repeated order columns are folded back into one object per order.
/// </summary>
internal sealed partial class RawNpgsqlContender
{
    private NpgsqlCommand? _orders;
    private NpgsqlParameter<int>? _ordersCustomer;
    private NpgsqlCommand? _itemsOfOrder;
    private NpgsqlParameter<int>? _itemsOrder;
    private NpgsqlCommand? _itemsOfOrders;
    private NpgsqlParameter<int[]>? _itemsOrders;
    private NpgsqlCommand? _ordersWithItems;
    private NpgsqlParameter<int>? _ordersWithItemsCustomer;

    public async Task<long> LoadOrdersOneByOneAsync(int count, CancellationToken cancellationToken)
    {
        long checksum = 0;
        for (var op = 0; op < count; op++)
        {
            var orders = await ReadOrdersAsync(OrderData.CustomerFor(op), cancellationToken);
            foreach (var order in orders)
            {
                _itemsOrder!.TypedValue = order.Id;
                await using var reader = await _itemsOfOrder!.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                    order.Items.Add(ReadItem(reader, 0));
            }

            checksum += OrderChecksum.Of(orders);
        }

        return checksum;
    }

    public async Task<long> LoadOrdersTwoQueriesAsync(int count, CancellationToken cancellationToken)
    {
        long checksum = 0;
        for (var op = 0; op < count; op++)
        {
            var orders = await ReadOrdersAsync(OrderData.CustomerFor(op), cancellationToken);
            var byId = new Dictionary<int, BenchOrder>(orders.Count);
            var ids = new int[orders.Count];
            for (var i = 0; i < orders.Count; i++)
            {
                ids[i] = orders[i].Id;
                byId.Add(ids[i], orders[i]);
            }

            _itemsOrders!.TypedValue = ids;
            await using (var reader = await _itemsOfOrders!.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    var item = ReadItem(reader, 0);
                    byId[item.OrderId].Items.Add(item);
                }
            }

            checksum += OrderChecksum.Of(orders);
        }

        return checksum;
    }

    public async Task<long> LoadOrdersJoinedAsync(int count, CancellationToken cancellationToken)
    {
        long checksum = 0;
        for (var op = 0; op < count; op++)
        {
            _ordersWithItemsCustomer!.TypedValue = OrderData.CustomerFor(op);
            var orders = new List<BenchOrder>(OrderData.OrdersPerCustomer);
            BenchOrder? current = null;
            await using (var reader = await _ordersWithItems!.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    // Rows come ordered by order id, so an order's rows are adjacent: start a new order when the id changes.
                    var id = reader.GetInt32(0);
                    if (current is null || current.Id != id)
                    {
                        current = new BenchOrder { Id = id, CustomerId = reader.GetInt32(1), PlacedAt = reader.GetDateTime(2) };
                        orders.Add(current);
                    }

                    if (!reader.IsDBNull(3))
                        current.Items.Add(ReadItem(reader, 3));
                }
            }

            checksum += OrderChecksum.Of(orders);
        }

        return checksum;
    }

    private async Task<List<BenchOrder>> ReadOrdersAsync(int customer, CancellationToken cancellationToken)
    {
        _ordersCustomer!.TypedValue = customer;
        var orders = new List<BenchOrder>(OrderData.OrdersPerCustomer);
        await using var reader = await _orders!.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            orders.Add(new BenchOrder { Id = reader.GetInt32(0), CustomerId = reader.GetInt32(1), PlacedAt = reader.GetDateTime(2) });
        return orders;
    }

    /// <summary>An item and its product from seven columns starting at <paramref name="at"/>: id, order_id, product_id, quantity, unit_price, name, price.</summary>
    private static BenchOrderItem ReadItem(NpgsqlDataReader reader, int at)
    {
        var productId = reader.GetInt32(at + 2);
        return new BenchOrderItem
        {
            Id = reader.GetInt32(at),
            OrderId = reader.GetInt32(at + 1),
            ProductId = productId,
            Quantity = reader.GetInt32(at + 3),
            UnitPrice = reader.GetDecimal(at + 4),
            Product = new BenchProduct { Id = productId, Name = reader.GetString(at + 5), Price = reader.GetDecimal(at + 6) },
        };
    }

    private async Task OpenRelationsAsync(CancellationToken cancellationToken)
    {
        _ordersCustomer = new NpgsqlParameter<int>();
        _orders = new NpgsqlCommand(BenchSql.OrdersOfCustomer, Connection) { Parameters = { _ordersCustomer } };
        _itemsOrder = new NpgsqlParameter<int>();
        _itemsOfOrder = new NpgsqlCommand(BenchSql.ItemsOfOrder, Connection) { Parameters = { _itemsOrder } };
        _itemsOrders = new NpgsqlParameter<int[]>();
        _itemsOfOrders = new NpgsqlCommand(BenchSql.ItemsOfOrders, Connection) { Parameters = { _itemsOrders } };
        _ordersWithItemsCustomer = new NpgsqlParameter<int>();
        _ordersWithItems = new NpgsqlCommand(BenchSql.OrdersWithItems, Connection) { Parameters = { _ordersWithItemsCustomer } };
        if (!_prepare)
            return;
        await _orders.PrepareAsync(cancellationToken);
        await _itemsOfOrder.PrepareAsync(cancellationToken);
        await _itemsOfOrders.PrepareAsync(cancellationToken);
        await _ordersWithItems.PrepareAsync(cancellationToken);
    }

    private async ValueTask DisposeRelationsAsync()
    {
        foreach (var command in new[] { _ordersWithItems, _itemsOfOrders, _itemsOfOrder, _orders })
        {
            if (command is not null)
                await command.DisposeAsync();
        }
    }
}
