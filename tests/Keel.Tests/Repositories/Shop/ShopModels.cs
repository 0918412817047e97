using System.ComponentModel.DataAnnotations;
using System.ComponentModel.DataAnnotations.Schema;

namespace Keel.Tests.Repositories.Shop;

// The seed 004 e-commerce model: users, addresses, categories, products, orders, order items, shipments (1:1),
// reviews, groups with an explicit pivot carrying data (group_members), tags with an implicit pivot (product_tags).

public enum UserRole
{
    User,
    Seller,
    Admin,
}

public enum OrderStatus
{
    Pending,
    Processing,
    Shipped,
    Delivered,
    Cancelled,
}

public enum MemberRole
{
    Member = 1,
    Moderator = 2,
    Admin = 3,
}

public sealed record UserPreferences(string Theme, bool Newsletter, List<string> Languages);

public sealed class User
{
    public int Id { get; set; }

    public required string Email { get; set; }

    [Sensitive]
    public required string PasswordHash { get; set; }

    public required string Name { get; set; }

    public UserRole Role { get; set; }

    public bool IsActive { get; set; } = true;

    [Jsonb]
    public UserPreferences? Preferences { get; set; }

    public DateTimeOffset? LastLoginAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? DeletedAt { get; set; }

    public List<Order> Orders { get; set; } = [];

    public List<Address> Addresses { get; set; } = [];

    public List<Review> Reviews { get; set; } = [];

    [ForeignKey(nameof(Product.SellerId))]
    public List<Product> SellerProducts { get; set; } = [];

    public List<GroupMember> Memberships { get; set; } = [];

    [NotMapped]
    public string DisplayName => $"{Name} <{Email}>";
}

public sealed class Address
{
    public int Id { get; set; }

    public int UserId { get; set; }

    public required string Street { get; set; }

    public required string City { get; set; }

    public string? State { get; set; }

    public required string Zip { get; set; }

    public required string Country { get; set; }

    public bool IsDefault { get; set; }

    public User? User { get; set; }
}

/// <summary>A positional record: the materializer calls its constructor; the navigation is a settable property.</summary>
public sealed record Category(int Id, string Name)
{
    public List<Product> Products { get; set; } = [];
}

public sealed class Product
{
    public int Id { get; set; }

    public required string Sku { get; set; }

    public required string Name { get; set; }

    public string Description { get; set; } = string.Empty;

    public decimal Price { get; set; }

    public int Inventory { get; set; }

    public int SellerId { get; set; }

    public int CategoryId { get; set; }

    [Version]
    public int Version { get; set; }

    public User? Seller { get; set; }

    public Category? Category { get; set; }

    public List<Review> Reviews { get; set; } = [];

    public List<Tag> Tags { get; set; } = [];
}

public sealed class Order
{
    public int Id { get; set; }

    public int UserId { get; set; }

    public OrderStatus Status { get; set; }

    public decimal Total { get; set; }

    public DateOnly PlacedOn { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public User? User { get; set; }

    public List<OrderItem> Items { get; set; } = [];

    public Shipment? Shipment { get; set; }
}

public sealed class OrderItem
{
    public int Id { get; set; }

    public int OrderId { get; set; }

    public int ProductId { get; set; }

    public int Quantity { get; set; } = 1;

    /// <summary>The product's price when the order was placed.</summary>
    public decimal Price { get; set; }

    public Order? Order { get; set; }

    public Product? Product { get; set; }
}

public sealed class Shipment
{
    public int Id { get; set; }

    public int OrderId { get; set; }

    public required string TrackingId { get; set; }

    public required string Carrier { get; set; }

    public string Status { get; set; } = "pending";

    public DateTimeOffset CreatedAt { get; set; }

    public Order? Order { get; set; }
}

public sealed class Review
{
    public int Id { get; set; }

    public int UserId { get; set; }

    public int ProductId { get; set; }

    public short Rating { get; set; }

    public string Text { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }

    public User? User { get; set; }

    public Product? Product { get; set; }
}

[Table("groups")]
public sealed class Group
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    public List<GroupMember> Members { get; set; } = [];
}

/// <summary>The explicit pivot between groups and users, carrying the member's role and join time.</summary>
public sealed class GroupMember
{
    [Key]
    [Column(Order = 0)]
    public Guid GroupId { get; set; }

    [Key]
    [Column(Order = 1)]
    public int UserId { get; set; }

    [Column(TypeName = "integer")]
    public MemberRole Role { get; set; } = MemberRole.Member;

    public DateTimeOffset JoinedAt { get; set; }

    public Group? Group { get; set; }

    public User? User { get; set; }
}

public sealed class Tag
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public List<Product> Products { get; set; } = [];
}
