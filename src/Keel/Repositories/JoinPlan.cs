using Npgsql;

namespace Keel;

/// <summary>
/// The to-one includes of one statement that load by LEFT JOIN (<see cref="IncludeStrategy.Join"/>): their joins,
/// their columns after the base entity's, and a row reader that reads the base entity, then each joined entity at its
/// offset, and sets the navigations. A joined entity whose key is NULL is absent (the navigation stays null).
/// </summary>
internal sealed class JoinPlan
{
    private readonly Func<NpgsqlDataReader, object> _readBase;
    private readonly Entry[] _entries;
    private readonly IncludeText _joins;

    private JoinPlan(Func<NpgsqlDataReader, object> readBase, Entry[] entries, string selectList, string joins, Type? tenantOwner)
    {
        _readBase = readBase;
        _entries = entries;
        SelectList = selectList;
        Joins = joins;
        _joins = new IncludeText(joins);
        TenantOwner = tenantOwner;
        var read = Read;
        Choose = _ => read;
    }

    /// <summary><see cref="Read"/> as the reader chooser of a query, made once per plan.</summary>
    public Func<NpgsqlDataReader, Func<NpgsqlDataReader, object>> Choose { get; }

    /// <summary><c>, j1."id", j1."email", ...</c>: the joined columns, to append to the base select list (empty without joins).</summary>
    public string SelectList { get; }

    /// <summary>
    /// <c> LEFT JOIN "public"."users" j1 ON j1."id" = t."user_id"</c>, one per joined include (empty without joins); a
    /// multi-tenant target's join ends with <c> AND j1."tenant_id" = </c> and <see cref="IncludeText.TenantHole"/>.
    /// </summary>
    public string Joins { get; }

    /// <summary>The first joined entity type whose rows belong to tenants (so the joins need a tenant), or null.</summary>
    public Type? TenantOwner { get; }

    public bool IsEmpty => _entries.Length == 0;

    /// <summary>The plan for <paramref name="includes"/> (those with the join strategy, and their joined children) over a base entity.</summary>
    public static JoinPlan For(IRelationMap map, string alias, int offset, IEnumerable<RelationInclude> includes)
    {
        var entries = new List<Entry>();
        var select = new System.Text.StringBuilder();
        var joins = new System.Text.StringBuilder();
        var next = offset + map.Width;
        Type? tenantOwner = null;
        Add(includes, parent: 0, alias);
        return new JoinPlan(map.ReaderAt(offset), [.. entries], select.ToString(), joins.ToString(), tenantOwner);

        void Add(IEnumerable<RelationInclude> nodes, int parent, string parentAlias)
        {
            foreach (var node in nodes)
            {
                if (node.Strategy != IncludeStrategy.Join)
                    continue;
                var relation = node.Relation;
                var target = relation.Target;
                var joined = "j" + (entries.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                entries.Add(new Entry(relation, parent, target.ReaderAt(next), next));
                select.Append(", ").Append(target.SelectListOf(joined));
                joins.Append(" LEFT JOIN ").Append(target.SourceAs(joined))
                    .Append(" ON ").Append(joined).Append('.').Append(relation.TargetKey.Quoted)
                    .Append(" = ").Append(parentAlias).Append('.').Append(relation.SourceKey.Quoted);
                joins.Append(target.TypeFilterOf(joined));
                if (target.SoftDelete is { } deletedAt)
                    joins.Append(" AND ").Append(joined).Append('.').Append(deletedAt.Quoted).Append(" IS NULL");
                if (target.Tenant is { } tenant)
                {
                    joins.Append(" AND ").Append(joined).Append('.').Append(tenant.Quoted).Append(" = ").Append(IncludeText.TenantHole);
                    tenantOwner ??= target.EntityType;
                }

                next += target.Width;
                Add(node.Children, entries.Count, joined);
            }
        }
    }

    /// <summary><see cref="Joins"/> with <paramref name="tenant"/> bound where a multi-tenant target is joined.</summary>
    public Sql JoinsFor(string? tenant) => _joins.Fill(null, tenant);

    /// <summary>Reads the base entity of the current row and every joined entity, setting their navigations.</summary>
    public object Read(NpgsqlDataReader reader)
    {
        var root = _readBase(reader);
        if (_entries.Length == 0)
            return root;
        if (_entries.Length == 1)
        {
            // The common case, one joined relation: no array of the row's entities.
            var only = _entries[0];
            only.Relation.Set(root, reader.IsDBNull(only.Offset) ? null : only.Read(reader));
            return root;
        }

        var read = new object?[_entries.Length + 1];
        read[0] = root;
        for (var i = 0; i < _entries.Length; i++)
        {
            var entry = _entries[i];
            if (read[entry.Parent] is not { } parent)
                continue;
            // The first column of every entity (its key, or a root's discriminator) is NULL only when the LEFT JOIN found nothing.
            var value = reader.IsDBNull(entry.Offset) ? null : entry.Read(reader);
            entry.Relation.Set(parent, value);
            read[i + 1] = value;
        }

        return root;
    }

    private sealed record Entry(EntityRelation Relation, int Parent, Func<NpgsqlDataReader, object> Read, int Offset);
}
