namespace Keel;

/// <summary>
/// A statement laid out once as literal pieces between parameters (<c>Literals.Length == Values.Length + 1</c>), so
/// writing an entity costs one array of parts and one parameter per value, with no text built per call. A null
/// value maker is the tenant's slot, filled with the tenant the statement is composed for.
/// </summary>
internal sealed class StatementTemplate<T>(string[] literals, Func<T, SqlValue>?[] values)
{
    public string[] Literals { get; } = literals;

    public Func<T, SqlValue>?[] Values { get; } = values;

    /// <summary>The statement for <paramref name="entity"/>, acting for <paramref name="tenant"/> (null unless the entity is multi-tenant).</summary>
    public Sql Compose(T entity, string? tenant)
    {
        var parts = new SqlPart[(Values.Length * 2) + 1];
        parts[0] = new SqlPart(Literals[0], null);
        for (var i = 0; i < Values.Length; i++)
        {
            var value = Values[i];
            parts[(2 * i) + 1] = new SqlPart(null, value is null ? TenantValue(tenant) : value(entity));
            parts[(2 * i) + 2] = new SqlPart(Literals[i + 1], null);
        }

        return Sql.FromParts(parts);
    }

    private static SqlValue<string> TenantValue(string? tenant)
        => new(tenant ?? throw new InvalidOperationException($"A statement writing multi-tenant {typeof(T).Name} rows was composed without a tenant."));
}
