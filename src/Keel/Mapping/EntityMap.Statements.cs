using System.Collections.Concurrent;
using System.Text;

namespace Keel;

/// <summary>
/// INSERT, UPDATE and upsert statements, laid out once as literal pieces between parameters, so writing an entity
/// costs one array of parts and one parameter per column, with no text built per call.
/// </summary>
internal sealed partial class EntityMap<T>
{
    private const int MaxCachedConflictTargets = 64;

    private readonly string[] _insertBase;
    private readonly Func<T, SqlValue>?[] _insertParameters;
    private readonly Func<T, SqlValue>?[] _updateParameters;
    private readonly StatementTemplate<T>? _insert;
    private readonly StatementTemplate<T>? _update;
    private readonly ConcurrentDictionary<string, StatementTemplate<T>> _upserts = new(StringComparer.Ordinal);
    private ConflictTarget? _keyConflict;

    /// <summary><c>INSERT INTO t (...) VALUES ($1, ..., now(), 1) RETURNING select-list</c>, stamped with <paramref name="tenant"/> when rows belong to tenants.</summary>
    public Sql Insert(T entity, string? tenant) => Hierarchy?.Insert(entity, tenant) ?? _insert!.Compose(entity, tenant);

    /// <summary>
    /// <c>UPDATE t SET a = $1, ..., updated_at = now(), version = version + 1 WHERE key = $n [AND version = $m] [AND deleted_at IS NULL] RETURNING select-list</c>:
    /// the version check uses the version the entity was read at; a multi-tenant row must also be <paramref name="tenant"/>'s.
    /// </summary>
    public Sql Update(T entity, string? tenant) => Hierarchy?.Update(entity, tenant) ?? _update!.Compose(entity, tenant);

    /// <summary>The primary key as an upsert's arbiter: <c>("id")</c>, or <c>("tenant_id", "id")</c> when rows belong to tenants.</summary>
    public ConflictTarget KeyConflict => _keyConflict ??= ConflictOn(Keys);

    /// <summary>An upsert's arbiter on <paramref name="columns"/>, led by the tenant column when rows belong to tenants, as their unique keys are.</summary>
    public ConflictTarget ConflictOn(IEnumerable<EntityColumn> columns)
    {
        var list = columns.ToList();
        return new(ConflictColumns(list.Select(c => c.Quoted)), [.. list.Select(c => c.Name)], null);
    }

    /// <summary>
    /// An insert that, on a conflict over <paramref name="target"/> (<c>(email)</c> or <c>ON CONSTRAINT users_email_key</c>),
    /// updates the row's data columns instead: <c>... ON CONFLICT ... DO UPDATE SET a = EXCLUDED.a, ... RETURNING select-list</c>.
    /// A root upserts through the subtype of <paramref name="entity"/>.
    /// </summary>
    /// <exception cref="NotSupportedException">A joined-tables subtype would arbitrate on a table below the base (see <see cref="UpsertTemplate"/>).</exception>
    public Sql Upsert(T entity, ConflictTarget target, string? tenant)
        => Hierarchy is { } hierarchy ? hierarchy.SubtypeOf(entity).Upsert(entity, target, tenant) : UpsertTemplate(target, null, _upserts).Compose(entity, tenant);

    /// <summary>
    /// The upsert on <paramref name="target"/> ending with <paramref name="returning"/> (null: this map's own select
    /// list), from <paramref name="cache"/> or built into it. A joined-tables subtype upserts its base row, then each
    /// table of its chain under the key the base row ends with, in one command.
    /// </summary>
    /// <exception cref="NotSupportedException">A joined-tables subtype would arbitrate on a table below the base, which it writes only after the base row.</exception>
    public StatementTemplate<T> UpsertTemplate(ConflictTarget target, string? returning, ConcurrentDictionary<string, StatementTemplate<T>> cache)
    {
        if (cache.TryGetValue(target.Text, out var upsert))
            return upsert;
        if (Parent is { Strategy: InheritanceStrategy.JoinedTables } parent)
        {
            var root = Lineage[0];
            var below = target.ColumnsIn(Lineage).Where(name => root.Columns.All(c => c.Name != name)).ToList();
            if (below.Count > 0)
                throw new NotSupportedException($"UpsertAsync on {typeof(T).Name} cannot arbitrate on {target.Text}: it covers {string.Join(", ", below)}, which the joined table {QualifiedTable.Text} (or another table below the base) holds, and ON CONFLICT arbitrates on one table per statement, so the base row would be inserted before the clash showed. Upsert on the key or a unique key of the base table {root.QualifiedTable.Text}, or find the row and UpdateAsync it.");
            upsert = JoinedInsert(parent, returning ?? JoinedReturning(), target);
        }
        else
        {
            upsert = new StatementTemplate<T>(UpsertLiterals(target.Text, returning ?? SelectList), _insertParameters);
        }

        if (cache.Count < MaxCachedConflictTargets)
            cache.TryAdd(target.Text, upsert);
        return upsert;
    }

    /// <summary>The parameter makers of <paramref name="columns"/>, in their order.</summary>
    private Func<T, SqlValue>[] ParametersOf(IEnumerable<EntityColumn> columns, Func<T, SqlValue>[] makers)
        => [.. columns.Select(c => makers[IndexOf(c)])];

    private static string[] Suffixed(string[] literals, string suffix)
    {
        var copy = (string[])literals.Clone();
        copy[^1] += suffix;
        return copy;
    }

    /// <summary>
    /// The INSERT up to its closing parenthesis (a single-table subtype writes its discriminator first, then a
    /// multi-tenant row its tenant), and the makers of the values that fill it.
    /// </summary>
    private (string[] Literals, Func<T, SqlValue>?[] Values) InsertLiterals()
    {
        var inserted = Columns.Where(c => c.IsInserted).ToArray();
        var maintained = Columns.Where(c => c.Role is ColumnRole.Version or ColumnRole.CreatedAt or ColumnRole.UpdatedAt).ToArray();
        var discriminator = Parent is { Strategy: InheritanceStrategy.SingleTable } sti ? (Name: SqlIdentifiers.Quote(sti.Discriminator), Value: $"'{sti.Value}'") : default;
        IEnumerable<string> names = [.. discriminator.Name is null ? [] : new[] { discriminator.Name }, .. Tenant is null ? [] : new[] { Tenant.Quoted }, .. inserted.Concat(maintained).Select(c => c.Quoted)];
        var statement = new StatementBuilder<T>().Text($"INSERT INTO {QualifiedTable.Text} AS t ({string.Join(", ", names)}) VALUES (");
        var written = 0;
        if (discriminator.Value is not null)
            statement.Text(discriminator.Value);
        written += discriminator.Value is null ? 0 : 1;
        if (Tenant is not null)
            statement.Text(written++ == 0 ? string.Empty : ", ").Tenant();
        foreach (var column in inserted)
            statement.Text(written++ == 0 ? string.Empty : ", ").Value(_insertValues[IndexOf(column)]);
        foreach (var column in maintained)
            statement.Text((written++ == 0 ? string.Empty : ", ") + (column.Role == ColumnRole.Version ? "1" : "now()"));
        var template = statement.Text(")").Build();
        return (template.Literals, template.Values);
    }

    private string[] UpdateLiterals(string returning)
    {
        var set = Columns.Where(c => c.IsUpdated).Select(c => c.Quoted + " = ").ToList();
        var literals = new List<string>();
        var text = new StringBuilder("UPDATE ").Append(QualifiedTable.Text).Append(" SET ");
        for (var i = 0; i < set.Count; i++)
        {
            text.Append(i == 0 ? string.Empty : ", ").Append(set[i]);
            literals.Add(text.ToString());
            text.Clear();
        }

        var maintained = new List<string>();
        if (UpdatedAt is not null)
            maintained.Add($"{UpdatedAt.Quoted} = now()");
        if (Version is not null)
            maintained.Add($"{Version.Quoted} = {Version.Quoted} + 1");
        if (maintained.Count > 0)
            text.Append(set.Count > 0 ? ", " : string.Empty).Append(string.Join(", ", maintained));
        if (set.Count == 0 && maintained.Count == 0)
            throw new InvalidOperationException($"{typeof(T).Name} has no column an update can change.");

        for (var i = 0; i < Keys.Count; i++)
        {
            text.Append(i == 0 ? " WHERE " : " AND ").Append(Keys[i].Quoted).Append(" = ");
            literals.Add(text.ToString());
            text.Clear();
        }

        if (Version is not null)
            literals.Add($" AND {Version.Quoted} = ");
        if (Tenant is not null)
            literals.Add($" AND {Tenant.Quoted} = ");

        var last = _ownLiveFilter + " RETURNING " + returning;
        literals.Add(last);
        return [.. literals];
    }

    private string[] UpsertLiterals(string conflictTarget, string returning)
    {
        var set = UpsertSet(Columns);
        var guards = UpsertGuards(Parent is { Strategy: InheritanceStrategy.SingleTable } sti ? sti.Discriminator : null);
        var action = set.Count == 0 ? "DO NOTHING" : "DO UPDATE SET " + string.Join(", ", set) + guards;
        return Suffixed(_insertBase, $" ON CONFLICT {conflictTarget} {action} RETURNING {returning}");
    }

    /// <summary>
    /// <c> WHERE t."kind" = 'article' AND t."tenant_id" = EXCLUDED."tenant_id"</c>: an upsert never takes over another
    /// type's row (its own subtypes' rows included) when the row carries <paramref name="discriminator"/>, nor a tenant
    /// another tenant's (on a constraint that leaves the tenant out). Empty when neither applies.
    /// </summary>
    private string UpsertGuards(string? discriminator)
    {
        var guards = new List<string>(2);
        if (discriminator is not null)
            guards.Add($"t.{SqlIdentifiers.Quote(discriminator)} = '{Parent!.Value}'");
        if (Tenant is not null)
            guards.Add($"t.{Tenant.Quoted} = EXCLUDED.{Tenant.Quoted}");
        return guards.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", guards);
    }

    /// <summary>What an upsert's DO UPDATE sets among <paramref name="columns"/>: the data columns from EXCLUDED, the touch, and the soft-delete mark cleared.</summary>
    private List<string> UpsertSet(IReadOnlyList<EntityColumn> columns)
    {
        var set = columns.Where(c => c.IsUpdated && c.IsInserted).Select(c => $"{c.Quoted} = EXCLUDED.{c.Quoted}").ToList();
        if (UpdatedAt is not null && columns.Contains(UpdatedAt))
            set.Add($"{UpdatedAt.Quoted} = now()");
        if (Version is not null && columns.Contains(Version))
            set.Add($"{Version.Quoted} = t.{Version.Quoted} + 1");
        if (SoftDelete is not null && columns.Contains(SoftDelete))
            set.Add($"{SoftDelete.Quoted} = NULL");
        return set;
    }

    /// <summary><c>, "updated_at" = now(), "version" = "version" + 1</c>: what every change to a row also sets (empty when neither is mapped).</summary>
    public string Touch => (UpdatedAt is null ? string.Empty : $", {UpdatedAt.Quoted} = now()") + (Version is null ? string.Empty : $", {Version.Quoted} = {Version.Quoted} + 1");

    /// <summary><c> AND "deleted_at" IS NULL</c> for soft-deleted entities (after <c> AND "kind" = 'article'</c> for a single-table subtype), else empty.</summary>
    public string LiveFilter { get; }
}
