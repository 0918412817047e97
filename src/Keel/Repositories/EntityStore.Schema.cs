namespace Keel;

/// <summary>The schema of the mapped entities: DDL text for migrations, or created in place for development and tests.</summary>
public sealed partial class EntityStore
{
    /// <summary>
    /// The DDL of every mapped entity (and of the join tables of many-to-many relations), for a migration:
    /// tables with keys, unique and check constraints and foreign keys, then indexes (one per foreign key column).
    /// </summary>
    /// <exception cref="InvalidOperationException">A foreign key points at an entity that is not mapped.</exception>
    public string SchemaSql => string.Concat(SchemaStatements().Select(s => s + ";\n"));

    /// <summary>Creates every mapped table and index that does not exist yet (idempotent; for development and tests).</summary>
    public async Task EnsureSchemaAsync(CancellationToken cancellationToken = default)
    {
        var statements = SchemaStatements();
        var session = await Keel.OpenSessionAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            foreach (var statement in statements)
                await session.ExecuteAsync(Sql.Raw(statement), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The join table of a many-to-many relation between two mapped entities, or null when there is none.</summary>
    internal EntityPivot? PivotBetween(Type a, Type b)
        => Find(a) is { } left && Find(b) is { } right && EntityPivot.IsManyToMany(left, right) ? EntityPivot.Between(left, right) : null;

    private IReadOnlyList<string> SchemaStatements()
        => EntitySchema.Statements([.. _maps.Values.OrderBy(m => m.EntityType.FullName, StringComparer.Ordinal)]);
}
