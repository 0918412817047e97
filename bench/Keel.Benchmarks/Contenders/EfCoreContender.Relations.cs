using Microsoft.EntityFrameworkCore;

namespace Keel.Benchmarks;

/// <summary>
/// W5 with EF Core's eager loading as its docs show it: <c>Include(o =&gt; o.Items).ThenInclude(i =&gt; i.Product)</c>,
/// no tracking, as one JOINed query (EF's default) and as split queries (<c>AsSplitQuery</c>).
/// </summary>
internal sealed partial class EfCoreContender
{
    private OrdersContext? _orders;

    private OrdersContext Orders => _orders ??= new OrdersContext(new DbContextOptionsBuilder<OrdersContext>().UseNpgsql(Connection).Options);

    public Task<long> LoadOrdersIncludeAsync(int count, CancellationToken cancellationToken)
        => LoadOrdersAsync(split: false, count, cancellationToken);

    public Task<long> LoadOrdersSplitAsync(int count, CancellationToken cancellationToken)
        => LoadOrdersAsync(split: true, count, cancellationToken);

    private async Task<long> LoadOrdersAsync(bool split, int count, CancellationToken cancellationToken)
    {
        long checksum = 0;
        var orders = Orders.Orders;
        for (var op = 0; op < count; op++)
        {
            var customer = OrderData.CustomerFor(op);
            var query = orders.AsNoTracking().Where(o => o.CustomerId == customer).OrderBy(o => o.Id)
                .Include(o => o.Items).ThenInclude(i => i.Product);
            var loaded = await (split ? query.AsSplitQuery() : query).ToListAsync(cancellationToken);
            checksum += OrderChecksum.Of(loaded);
        }

        return checksum;
    }

    private ValueTask DisposeRelationsAsync() => _orders?.DisposeAsync() ?? ValueTask.CompletedTask;
}
