namespace Keel;

/// <summary>
/// The join table of a many-to-many relation with no entity of its own (<c>Product.Tags</c> ↔ <c>Tag.Products</c>):
/// <c>product_tags (product_id, tag_id)</c>, named after the two entities in alphabetical order unless a navigation names it.
/// </summary>
internal sealed record EntityPivot(string Schema, string Table, IEntityMap Left, string LeftColumn, IEntityMap Right, string RightColumn)
{
    /// <summary>
    /// The pivot between two maps whose collection navigations point at each other (the schema and relations both name
    /// it here): the names one side's navigation declares (<see cref="EntityOptions{T}.JoinTable"/>), else the convention.
    /// </summary>
    /// <exception cref="InvalidOperationException">Both navigations declare a join table, and not the same one.</exception>
    public static EntityPivot Between(IEntityMap a, IEntityMap b)
    {
        var (left, right) = string.CompareOrdinal(a.EntityType.Name, b.EntityType.Name) <= 0 ? (a, b) : (b, a);
        var fromLeft = Declared(left, right);
        var fromRight = Declared(right, left);
        if (fromLeft is not null && fromRight is not null && fromLeft != fromRight with { SourceColumn = fromRight.TargetColumn, TargetColumn = fromRight.SourceColumn })
        {
            throw new InvalidOperationException(
                $"{left.EntityType.Name} and {right.EntityType.Name} name different join tables for their many-to-many ({fromLeft.Schema}.{fromLeft.Table} and " +
                $"{fromRight.Schema}.{fromRight.Table}); name it on one side only, or the same on both.");
        }

        if (fromLeft is not null)
            return new EntityPivot(fromLeft.Schema, fromLeft.Table, left, fromLeft.SourceColumn, right, fromLeft.TargetColumn);
        if (fromRight is not null)
            return new EntityPivot(fromRight.Schema, fromRight.Table, left, fromRight.TargetColumn, right, fromRight.SourceColumn);
        var leftName = NameConvention.ToSnakeCase(left.EntityType.Name);
        var rightName = NameConvention.ToSnakeCase(right.EntityType.Name);
        return new EntityPivot(left.Schema, $"{leftName}_{NameConvention.Plural(rightName)}", left, leftName + "_id", right, rightName + "_id");
    }

    /// <summary>
    /// The pivot's tenant column when either side's rows belong to tenants (named as the left side's, else the right
    /// side's): its rows then belong to tenants too.
    /// </summary>
    public EntityTenant? Tenant => Left.Tenant ?? Right.Tenant;

    private static EntityJoinTable? Declared(IEntityMap map, IEntityMap other)
        => map.Navigations.FirstOrDefault(n => n.IsCollection && n.TargetType == other.EntityType && n.JoinTable is not null)?.JoinTable;

    /// <summary>True when <paramref name="map"/> has a collection of <paramref name="other"/> and <paramref name="other"/> one of it back.</summary>
    public static bool IsManyToMany(IEntityMap map, IEntityMap other)
        => map.Navigations.Any(n => n.IsCollection && n.TargetType == other.EntityType)
            && other.Navigations.Any(n => n.IsCollection && n.TargetType == map.EntityType)
            && map.EntityType != other.EntityType;
}
