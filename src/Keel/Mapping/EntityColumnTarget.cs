namespace Keel;

/// <summary>
/// Reads entity members for the expression translator: a mapped property is its column; values are bound in the
/// column's stored form (enum name or number, UTC timestamps) through the same conversion writes use.
/// </summary>
internal sealed class EntityColumnTarget(IEntityMap map) : IMemberSqlTarget
{
    public Sql Value(MemberPath path) => Sql.Raw(Column(path).Quoted);

    public Sql? TryEquals(MemberPath path, object? value) => null;

    public Sql IsNull(MemberPath path, bool isNull)
        => Sql.Raw(Column(path).Quoted + (isNull ? " IS NULL" : " IS NOT NULL"));

    public Sql CollectionContains(MemberPath path, object? element)
    {
        var column = Column(path);
        if (column.Kind != ColumnKind.Plain || !column.Type.IsArray && !column.Type.IsGenericType)
            throw new NotSupportedException($"{path} is not an array column; Contains on a stored collection needs one (such as text[]).");
        return $"{Sql.Parameter(element)} = ANY({Sql.Raw(column.Quoted)})";
    }

    public object? ToParameter(MemberPath path, object? value) => Column(path).ToStore(value);

    /// <summary>The column of a direct property; nested members, navigations and unmapped properties are refused by name.</summary>
    public EntityColumn Column(MemberPath path)
    {
        if (path.Members.Count != 1)
            throw new NotSupportedException($"'{path}' reaches through {path.Members[0].Name}; Keel queries an entity's own columns (relations load through includes).");
        return map.ColumnFor(path.Members[0].Name)
            ?? throw new NotSupportedException($"{map.EntityType.Name}.{path} is not a mapped column (a navigation, [NotMapped] or computed); query a column instead.");
    }
}
