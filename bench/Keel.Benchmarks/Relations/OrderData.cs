using System.Globalization;
using Npgsql;
using NpgsqlTypes;

namespace Keel.Benchmarks;

/// <summary>
/// W5's data: 10 customers with 200 orders each, 5 items per order, each item selling one of 100 products. Every
/// value follows from the ids, so the checksum a correct load must return is computed here, before any timing.
/// </summary>
internal static class OrderData
{
    public const int Customers = 10;
    public const int OrdersPerCustomer = 200;
    public const int ItemsPerOrder = 5;
    public const int Products = 100;

    private static readonly DateTime Epoch = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>The customer whose 200 orders load number <paramref name="operation"/> reads.</summary>
    public static int CustomerFor(int operation) => (operation % Customers) + 1;

    /// <summary>What <see cref="OrderChecksum.Of"/> gives for the first <paramref name="operations"/> loads.</summary>
    public static long ExpectedChecksum(int operations)
    {
        long sum = 0;
        for (var i = 0; i < operations; i++)
        {
            var customer = CustomerFor(i);
            for (var order = FirstOrder(customer); order < FirstOrder(customer) + OrdersPerCustomer; order++)
            {
                sum += order;
                for (var k = 0; k < ItemsPerOrder; k++)
                    sum += ItemId(order, k) + Quantity(k) + ProductId(order, k);
            }
        }

        return sum;
    }

    /// <summary>Creates the three tables and fills them by binary COPY (once per process, outside any timing).</summary>
    public static async Task SeedAsync(NpgsqlDataSource admin, CancellationToken cancellationToken)
    {
        await using var connection = await admin.OpenConnectionAsync(cancellationToken);
        await using (var create = new NpgsqlCommand(BenchSql.CreateOrderTables, connection))
            await create.ExecuteNonQueryAsync(cancellationToken);

        await using (var products = await connection.BeginBinaryImportAsync("COPY bench_products (id, name, price) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            for (var id = 1; id <= Products; id++)
            {
                await products.StartRowAsync(cancellationToken);
                await products.WriteAsync(id, NpgsqlDbType.Integer, cancellationToken);
                await products.WriteAsync("Product " + id.ToString(CultureInfo.InvariantCulture), NpgsqlDbType.Text, cancellationToken);
                await products.WriteAsync(Price(id), NpgsqlDbType.Numeric, cancellationToken);
            }

            await products.CompleteAsync(cancellationToken);
        }

        await using (var orders = await connection.BeginBinaryImportAsync("COPY bench_orders (id, customer_id, placed_at) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            for (var order = 1; order <= Customers * OrdersPerCustomer; order++)
            {
                await orders.StartRowAsync(cancellationToken);
                await orders.WriteAsync(order, NpgsqlDbType.Integer, cancellationToken);
                await orders.WriteAsync(((order - 1) / OrdersPerCustomer) + 1, NpgsqlDbType.Integer, cancellationToken);
                await orders.WriteAsync(Epoch.AddMinutes(order), NpgsqlDbType.TimestampTz, cancellationToken);
            }

            await orders.CompleteAsync(cancellationToken);
        }

        await using (var items = await connection.BeginBinaryImportAsync(
            "COPY bench_order_items (id, order_id, product_id, quantity, unit_price) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            for (var order = 1; order <= Customers * OrdersPerCustomer; order++)
            {
                for (var k = 0; k < ItemsPerOrder; k++)
                {
                    await items.StartRowAsync(cancellationToken);
                    await items.WriteAsync(ItemId(order, k), NpgsqlDbType.Integer, cancellationToken);
                    await items.WriteAsync(order, NpgsqlDbType.Integer, cancellationToken);
                    await items.WriteAsync(ProductId(order, k), NpgsqlDbType.Integer, cancellationToken);
                    await items.WriteAsync(Quantity(k), NpgsqlDbType.Integer, cancellationToken);
                    await items.WriteAsync(Price(ProductId(order, k)), NpgsqlDbType.Numeric, cancellationToken);
                }
            }

            await items.CompleteAsync(cancellationToken);
        }

        await using var analyze = new NpgsqlCommand("VACUUM ANALYZE bench_products, bench_orders, bench_order_items", connection);
        await analyze.ExecuteNonQueryAsync(cancellationToken);
    }

    private static int FirstOrder(int customer) => ((customer - 1) * OrdersPerCustomer) + 1;

    private static int ItemId(int order, int k) => ((order - 1) * ItemsPerOrder) + k + 1;

    private static int Quantity(int k) => k + 1;

    /// <summary>Five different products per order (13·k mod 100 differs for k &lt; 5), spread over all 100.</summary>
    private static int ProductId(int order, int k) => (((order * 7) + (k * 13)) % Products) + 1;

    private static decimal Price(int product) => product + 0.99m;
}
