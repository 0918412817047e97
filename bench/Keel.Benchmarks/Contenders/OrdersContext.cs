using Microsoft.EntityFrameworkCore;

namespace Keel.Benchmarks;

/// <summary>The EF Core model for W5: orders with a collection of items, each item with its product.</summary>
internal sealed class OrdersContext(DbContextOptions<OrdersContext> options) : DbContext(options)
{
    public DbSet<BenchOrder> Orders => Set<BenchOrder>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var order = modelBuilder.Entity<BenchOrder>();
        order.ToTable("bench_orders");
        order.Property(o => o.Id).HasColumnName("id").ValueGeneratedNever();
        order.Property(o => o.CustomerId).HasColumnName("customer_id");
        order.Property(o => o.PlacedAt).HasColumnName("placed_at");
        order.HasMany(o => o.Items).WithOne().HasForeignKey(i => i.OrderId);

        var item = modelBuilder.Entity<BenchOrderItem>();
        item.ToTable("bench_order_items");
        item.Property(i => i.Id).HasColumnName("id").ValueGeneratedNever();
        item.Property(i => i.OrderId).HasColumnName("order_id");
        item.Property(i => i.ProductId).HasColumnName("product_id");
        item.Property(i => i.Quantity).HasColumnName("quantity");
        item.Property(i => i.UnitPrice).HasColumnName("unit_price");
        item.HasOne(i => i.Product).WithMany().HasForeignKey(i => i.ProductId);

        var product = modelBuilder.Entity<BenchProduct>();
        product.ToTable("bench_products");
        product.Property(p => p.Id).HasColumnName("id").ValueGeneratedNever();
        product.Property(p => p.Name).HasColumnName("name");
        product.Property(p => p.Price).HasColumnName("price");
    }
}
