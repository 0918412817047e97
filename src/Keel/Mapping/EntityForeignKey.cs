namespace Keel;

/// <summary>A foreign key from columns of an entity's table (one, or several for a composite key) to the key of another entity's table.</summary>
internal sealed record EntityForeignKey(string Name, IReadOnlyList<EntityColumn> Columns, Type TargetType, ReferentialAction OnDelete)
{
    /// <summary>A foreign key of one column.</summary>
    public EntityForeignKey(string name, EntityColumn column, Type targetType, ReferentialAction onDelete)
        : this(name, [column], targetType, onDelete)
    {
    }

    /// <summary>The first column: the only one of a single-column foreign key, which is what tables of a hierarchy are split by.</summary>
    public EntityColumn Column => Columns[0];
}
