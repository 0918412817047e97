namespace Keel.Tests.Repositories.Shop;

/// <summary>The fluent part of the shop mapping (everything else is conventions and attributes).</summary>
public static class ShopMapping
{
    public static void Configure(KeelDataSource keel)
    {
        keel.Entities
            .For<GroupMember>(e => e.Property(m => m.JoinedAt, p => p.HasDefaultSql("now()")))
            .For<Shipment>(e => e.Property(s => s.Status, p => p.HasDefaultSql("'pending'")))
            .Add<User>().Add<Address>().Add<Category>().Add<Product>().Add<Order>().Add<OrderItem>()
            .Add<Review>().Add<Group>().Add<Tag>();
    }
}
