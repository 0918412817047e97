namespace Keel;

/// <summary>
/// Finds the foreign key columns that pair with an entity's key, by declaration or by convention. Relations and the
/// schema builder both ask here, so a relation always joins over the columns its FOREIGN KEY constraint names.
/// </summary>
internal static class RelationKeys
{
    /// <summary>
    /// The columns of <paramref name="holder"/> that point at the key of <paramref name="owner"/>, in key order: the
    /// <paramref name="declared"/> properties (one per key column), else by convention <c>{prefix}Id</c> for a
    /// single-column key and, for each column of a composite key, <c>{prefix}{KeyProperty}</c> or <c>{KeyProperty}</c>.
    /// Null when one of them is not a mapped column of <paramref name="holder"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The declared properties are mapped but do not match the key's column count.</exception>
    public static EntityColumn[]? ForeignKey(IEntityMap holder, IReadOnlyList<string>? declared, string prefix, IEntityMap owner, string relation)
    {
        var keys = owner.Keys;
        if (declared is not null)
        {
            var found = new EntityColumn[declared.Count];
            for (var i = 0; i < found.Length; i++)
            {
                if (holder.ColumnFor(declared[i]) is not { } column)
                    return null;
                found[i] = column;
            }

            return found.Length == keys.Count
                ? found
                : throw new InvalidOperationException(
                    $"{relation} names {found.Length} foreign key column(s) ({string.Join(", ", declared)}) for the {keys.Count}-column key of {owner.EntityType.Name} " +
                    $"({string.Join(", ", keys.Select(k => k.Property.Name))}); name one property per key column, in key order.");
        }

        if (keys.Count == 1)
            return holder.ColumnFor(prefix + "Id") is { } single ? [single] : null;
        var columns = new EntityColumn[keys.Count];
        for (var i = 0; i < columns.Length; i++)
        {
            var key = keys[i].Property.Name;
            if ((holder.ColumnFor(prefix + key) ?? holder.ColumnFor(key)) is not { } column)
                return null;
            columns[i] = column;
        }

        return columns;
    }

    /// <summary>What <see cref="ForeignKey"/> looks for, for messages: <c>UserId</c>, or <c>(MemberGroupId or GroupId, MemberUserId or UserId)</c>.</summary>
    public static string Describe(string prefix, IEntityMap owner, IReadOnlyList<string>? declared = null)
    {
        if (declared is not null)
            return declared.Count == 1 ? declared[0] : $"({string.Join(", ", declared)})";
        return owner.Keys.Count == 1
            ? prefix + "Id"
            : $"({string.Join(", ", owner.Keys.Select(k => $"{prefix}{k.Property.Name} or {k.Property.Name}"))})";
    }
}
