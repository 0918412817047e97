namespace Keel;

/// <summary>How two entities relate through a navigation, which decides where the key lives and how a load stitches.</summary>
internal enum RelationKind
{
    /// <summary><c>Order.User</c>: the foreign key is on this entity (<c>orders.user_id</c>); many of these share one target.</summary>
    ManyToOne,

    /// <summary><c>Order.Shipment</c>: the foreign key is on the target (<c>shipments.order_id</c>, unique); at most one target.</summary>
    OneToOne,

    /// <summary><c>User.Orders</c>: the foreign key is on the targets (<c>orders.user_id</c>).</summary>
    OneToMany,

    /// <summary><c>Product.Tags</c>: a join table with no entity holds the pairs (<c>product_tags (product_id, tag_id)</c>).</summary>
    ManyToMany,
}
