namespace Keel;

/// <summary>
/// The join table of a many-to-many relation with no entity of its own (<c>Product.Tags</c> ↔ <c>Tag.Products</c>):
/// <c>product_tags (product_id, tag_id)</c>, named after the two entities in alphabetical order.
/// </summary>
internal sealed record EntityPivot(string Schema, string Table, IEntityMap Left, string LeftColumn, IEntityMap Right, string RightColumn)
{
    /// <summary>The pivot between two maps whose collection navigations point at each other (the schema and relations both name it here).</summary>
    public static EntityPivot Between(IEntityMap a, IEntityMap b)
    {
        var (left, right) = string.CompareOrdinal(a.EntityType.Name, b.EntityType.Name) <= 0 ? (a, b) : (b, a);
        var leftName = NameConvention.ToSnakeCase(left.EntityType.Name);
        var rightName = NameConvention.ToSnakeCase(right.EntityType.Name);
        return new EntityPivot(left.Schema, $"{leftName}_{NameConvention.Plural(rightName)}", left, leftName + "_id", right, rightName + "_id");
    }

    /// <summary>
    /// The pivot's tenant column when either side's rows belong to tenants (named as the left side's, else the right
    /// side's): its rows then belong to tenants too.
    /// </summary>
    public EntityTenant? Tenant => Left.Tenant ?? Right.Tenant;

    /// <summary>True when <paramref name="map"/> has a collection of <paramref name="other"/> and <paramref name="other"/> one of it back.</summary>
    public static bool IsManyToMany(IEntityMap map, IEntityMap other)
        => map.Navigations.Any(n => n.IsCollection && n.TargetType == other.EntityType)
            && other.Navigations.Any(n => n.IsCollection && n.TargetType == map.EntityType)
            && map.EntityType != other.EntityType;
}
