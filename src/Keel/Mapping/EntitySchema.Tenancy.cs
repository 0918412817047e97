namespace Keel;

/// <summary>
/// The schema of multi-tenant tables: the tenant column leads the primary key, unique constraints and indexes (so
/// uniqueness is per tenant and every tenant-filtered read has an index), and a foreign key between two multi-tenant
/// tables includes it, so a row can only reference a row of its own tenant. Decision 018.
/// </summary>
internal static partial class EntitySchema
{
    /// <summary>The primary key's columns: the tenant column, then the keys.</summary>
    private static List<string> KeyColumns(IEntityMap map) => Tenanted(map, [.. map.Keys.Select(k => k.Name)]);

    /// <summary><paramref name="columns"/> led by the tenant column when rows belong to tenants (unless they already are).</summary>
    private static List<string> Tenanted(IEntityMap map, IReadOnlyList<string> columns)
        => map.Tenant is { } tenant && (columns.Count == 0 || columns[0] != tenant.Name) ? [tenant.Name, .. columns] : [.. columns];

    /// <summary>
    /// The columns of a foreign key and the ones it references: <c>(tenant_id, user_id) → (tenant_id, id)</c> between
    /// two multi-tenant tables, the column alone towards a table every tenant shares.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// The foreign key has another number of columns than the referenced key, or a table shared by every tenant
    /// references a multi-tenant one.
    /// </exception>
    private static (List<string> Columns, List<string> Referenced) ForeignKeyColumns(IEntityMap map, EntityForeignKey foreignKey, IEntityMap target)
    {
        var referenced = target.Keys.Select(k => k.Name).ToList();
        List<string> columns = [.. foreignKey.Columns.Select(c => c.Name)];
        if (columns.Count != referenced.Count)
        {
            throw new InvalidOperationException(
                $"{map.EntityType.Name}.{foreignKey.Column.Property.Name} references {target.EntityType.Name}, whose key has {referenced.Count} columns ({string.Join(", ", target.Keys.Select(k => k.Property.Name))}), " +
                $"with {columns.Count} column(s). Name one column per key column: a navigation with Navigation(nav, properties...) or [ForeignKey(\"A, B\")].");
        }

        if (target.Tenant is not { } targetTenant)
            return (columns, referenced);
        if (map.Tenant is not { } tenant)
        {
            throw new InvalidOperationException(
                $"{map.EntityType.Name}.{foreignKey.Column.Property.Name} references {target.EntityType.Name}, whose rows belong to tenants, but {map.EntityType.Name}'s rows are shared by every tenant, " +
                $"and a shared row cannot point into one tenant's rows. Make {map.EntityType.Name} multi-tenant too (MultiTenant()), or drop the foreign key.");
        }

        return ([tenant.Name, .. columns], [targetTenant.Name, .. referenced]);
    }

    /// <summary>
    /// A join table with a multi-tenant side: the tenant column leads its key, and each side's foreign key includes it
    /// when that side's rows belong to tenants.
    /// </summary>
    private static IEnumerable<string> TenantPivotTable(EntityPivot pivot)
    {
        var tenant = pivot.Tenant!;
        var table = $"{SqlIdentifiers.Quote(pivot.Schema)}.{SqlIdentifiers.Quote(pivot.Table)}";
        var left = SqlIdentifiers.Quote(pivot.LeftColumn);
        var right = SqlIdentifiers.Quote(pivot.RightColumn);
        var rightColumns = Side(pivot.Right, right).Columns;
        yield return $"CREATE TABLE IF NOT EXISTS {table} (\n"
            + $"    {tenant.Quoted} text NOT NULL,\n"
            + $"    {left} {ColumnType(pivot.Left.Keys[0])} NOT NULL,\n"
            + $"    {right} {ColumnType(pivot.Right.Keys[0])} NOT NULL,\n"
            + $"    PRIMARY KEY ({tenant.Quoted}, {left}, {right}),\n"
            + $"    FOREIGN KEY ({Side(pivot.Left, left).Columns}) REFERENCES {pivot.Left.QualifiedTable.Text} ({Side(pivot.Left, left).Referenced}) ON DELETE CASCADE,\n"
            + $"    FOREIGN KEY ({rightColumns}) REFERENCES {pivot.Right.QualifiedTable.Text} ({Side(pivot.Right, right).Referenced}) ON DELETE CASCADE)";
        yield return $"CREATE INDEX IF NOT EXISTS {SqlIdentifiers.Quote(Truncate($"{pivot.Table}_{pivot.RightColumn}_idx"))} ON {table} ({rightColumns})";

        (string Columns, string Referenced) Side(IEntityMap side, string column)
            => side.Tenant is { } sideTenant
                ? ($"{tenant.Quoted}, {column}", $"{sideTenant.Quoted}, {side.Keys[0].Quoted}")
                : (column, side.Keys[0].Quoted);
    }
}
