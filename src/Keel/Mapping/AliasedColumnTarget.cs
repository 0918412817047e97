namespace Keel;

/// <summary>
/// Entity columns qualified by a table alias (<c>t."created_at"</c>), for predicates inside statements that join
/// several tables, such as a filtered include's batched query.
/// </summary>
internal sealed class AliasedColumnTarget(IEntityMap map, string alias) : IMemberSqlTarget
{
    private readonly EntityColumnTarget _columns = new(map);

    public Sql Value(MemberPath path) => Sql.Raw(Qualified(path));

    public Sql? TryEquals(MemberPath path, object? value) => null;

    public Sql IsNull(MemberPath path, bool isNull) => Sql.Raw(Qualified(path) + (isNull ? " IS NULL" : " IS NOT NULL"));

    public Sql CollectionContains(MemberPath path, object? element)
    {
        var column = Column(path);
        if (column.Kind != ColumnKind.Plain || !column.Type.IsArray && !column.Type.IsGenericType)
            throw new NotSupportedException($"{path} is not an array column; Contains on a stored collection needs one (such as text[]).");
        return $"{Sql.Parameter(element)} = ANY({Sql.Raw(alias + "." + column.Quoted)})";
    }

    public object? ToParameter(MemberPath path, object? value) => _columns.ToParameter(path, value);

    public EntityColumn Column(MemberPath path) => _columns.Column(path);

    private string Qualified(MemberPath path) => alias + "." + Column(path).Quoted;
}
