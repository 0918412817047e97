namespace Keel;

/// <summary>
/// A statement laid out once as literal pieces between parameters (<c>Literals.Length == Values.Length + 1</c>), so
/// writing an entity costs one array of parts and one parameter per value, with no text built per call.
/// </summary>
internal sealed class StatementTemplate<T>(string[] literals, Func<T, SqlValue>[] values)
{
    public string[] Literals { get; } = literals;

    public Func<T, SqlValue>[] Values { get; } = values;

    /// <summary>The statement for <paramref name="entity"/>.</summary>
    public Sql Compose(T entity)
    {
        var parts = new SqlPart[(Values.Length * 2) + 1];
        parts[0] = new SqlPart(Literals[0], null);
        for (var i = 0; i < Values.Length; i++)
        {
            parts[(2 * i) + 1] = new SqlPart(null, Values[i](entity));
            parts[(2 * i) + 2] = new SqlPart(Literals[i + 1], null);
        }

        return Sql.FromParts(parts);
    }
}
