namespace Keel;

/// <summary>How an include loads its relation.</summary>
public enum IncludeStrategy
{
    /// <summary>One more batched query per include level (<c>WHERE fk = ANY($1)</c>), stitched by key: no repeated parent rows.</summary>
    Split,

    /// <summary>
    /// For a to-one relation only (<c>Order.User</c>, <c>Order.Shipment</c>, <c>OrderItem.Product</c>): a LEFT JOIN in the
    /// query that reads the parents, so the relation costs no command of its own.
    /// </summary>
    Join,
}
