namespace Keel;

/// <summary>
/// What an upsert's <c>ON CONFLICT</c> arbitrates on: columns (<c>("email")</c>, built by <see cref="EntityMap{T}.ConflictOn"/>,
/// which puts a tenant column first) or a named unique constraint (<c>ON CONSTRAINT "users_email_key"</c>). The text
/// also keys the cache of upsert statements; <see cref="Columns"/> are the entity's columns named, without the tenant's.
/// </summary>
internal sealed record ConflictTarget(string Text, IReadOnlyList<string> Columns, string? Constraint)
{
    /// <summary><c>ON CONSTRAINT "name"</c>; its columns are the model's to look up.</summary>
    public static ConflictTarget OnConstraint(string name) => new("ON CONSTRAINT " + SqlIdentifiers.Quote(name), [], name);

    /// <summary>The columns arbitrated on: the listed ones, or those of the constraint as one of <paramref name="maps"/> declares it (none when none does).</summary>
    public IReadOnlyList<string> ColumnsIn(IEnumerable<IEntityMap> maps)
        => Constraint is null ? Columns : maps.SelectMany(m => m.Indexes).FirstOrDefault(i => i.Unique && i.Name == Constraint)?.Columns ?? [];
}
