using System.Collections.Frozen;
using Npgsql;

namespace Keel;

/// <summary>
/// A mapped class hierarchy seen from its root, or from a subtype with subtypes of its own (a nested hierarchy): the
/// concrete types it reads (the subtype itself, then every subtype below it, in pre-order), the polymorphic select
/// list (the discriminator, this map's columns, then each subtype's own columns), the source polymorphic reads select
/// from, and the reader that picks each row's type by its discriminator. Built once with the map.
/// </summary>
internal sealed class EntityHierarchy<T>
    where T : class
{
    private const string Joined = "b";
    private const string Own = "s";
    private readonly EntityMap<T> _node;
    private readonly FrozenDictionary<Type, ISubtypeMap<T>> _byType;
    private readonly FrozenDictionary<string, Func<NpgsqlDataReader, T>> _readers;

    public EntityHierarchy(EntityMap<T> node, EntityOptions<T> options)
    {
        _node = node;
        Strategy = options.Strategy!.Value;
        Discriminator = SqlIdentifiers.Quote(options.Discriminator);
        if (options.Subtypes.Count == 0)
            throw new InvalidOperationException($"{typeof(T).Name} is mapped as a hierarchy without subtypes; add them with .Subtype<T>(\"value\").");
        // A subtype with subtypes has rows of its own; the root has none.
        IEnumerable<IHierarchyNode> concrete = node.Parent is null ? [] : [node];
        concrete = concrete.Concat(options.Subtypes.SelectMany(create => create(node).ConcreteMaps));
        Subtypes = [.. concrete.Select(map => map.AsSubtypeOf<T>())];
        Validate(options.Discriminator);
        Layout = [null, .. node.Columns, .. Below.SelectMany(s => s.OwnColumns)];
        SelectList = string.Join(", ", Layout.Select(c => c?.Quoted ?? Discriminator));
        TypeCondition = node.Parent is { Strategy: InheritanceStrategy.SingleTable }
            ? $"{Discriminator} IN ({string.Join(", ", Subtypes.Select(s => $"'{s.Value}'"))})"
            : string.Empty;
        Source = Sql.Raw(Strategy switch
        {
            InheritanceStrategy.SingleTable => node.QualifiedTable.Text,
            InheritanceStrategy.JoinedTables => $"(SELECT {Returning(-1)}{node.ShadowTenantOf(Joined)} FROM {node.JoinedFrom}{Joins()}) AS {SqlIdentifiers.Quote(node.Table)}",
            _ => $"({string.Join(" UNION ALL ", Subtypes.Select((s, i) => $"SELECT {Returning(i)}{node.ShadowTenantOf(null)} FROM {s.Map.QualifiedTable.Text}"))}) AS {SqlIdentifiers.Quote(node.Table)}",
        });
        for (var i = 0; i < Subtypes.Count; i++)
            Subtypes[i].Attach(this, i);
        _byType = Subtypes.ToFrozenDictionary(s => s.Map.EntityType);
        _readers = Subtypes.ToFrozenDictionary(s => s.Value, s => s.Read, StringComparer.Ordinal);
    }

    public InheritanceStrategy Strategy { get; }

    /// <summary>The discriminator (or UNION ALL type) column, quoted.</summary>
    public string Discriminator { get; }

    /// <summary>The concrete types read: this map itself when it is a subtype, then every subtype below it, in pre-order.</summary>
    public IReadOnlyList<ISubtypeMap<T>> Subtypes { get; }

    /// <summary><c>"kind" IN ('article', 'featured')</c> for a single-table subtype with subtypes of its own; empty otherwise.</summary>
    public string TypeCondition { get; }

    /// <summary>The polymorphic select list's columns in order; null stands for the discriminator.</summary>
    public IReadOnlyList<EntityColumn?> Layout { get; }

    /// <summary><c>"kind", "id", ..., "body", ..., "video_url", ...</c>: what polymorphic reads select.</summary>
    public string SelectList { get; }

    /// <summary>What polymorphic reads select from: the table, the base table joined to every subtype table, or the UNION ALL of the concrete tables.</summary>
    public Sql Source { get; }

    /// <summary>Reads one row of <see cref="SelectList"/> as the subtype its discriminator names.</summary>
    public T Read(NpgsqlDataReader reader) => Dispatch(reader, 0, _readers);

    /// <summary>
    /// A reader of <see cref="SelectList"/> starting at column <paramref name="offset"/> of a row (an include's entity
    /// joined after its parent's columns): the discriminator there picks the subtype, whose reader is compiled for that offset.
    /// </summary>
    public Func<NpgsqlDataReader, T> ReaderAt(int offset)
    {
        var readers = Subtypes.ToFrozenDictionary(s => s.Value, s => s.ReaderAt(offset), StringComparer.Ordinal);
        return reader => Dispatch(reader, offset, readers);
    }

    /// <summary><c>t."kind", t."id", ..., t."body", ...</c>: <see cref="SelectList"/> qualified by <paramref name="alias"/>.</summary>
    public string SelectListOf(string alias) => string.Join(", ", Layout.Select(c => alias + "." + (c?.Quoted ?? Discriminator)));

    private T Dispatch(NpgsqlDataReader reader, int offset, FrozenDictionary<string, Func<NpgsqlDataReader, T>> readers)
    {
        var value = reader.IsDBNull(offset) ? null : reader.GetString(offset);
        return value is not null && readers.TryGetValue(value, out var read)
            ? read(reader)
            : throw new UnknownDiscriminatorException(typeof(T), Discriminator, value, [.. Subtypes.Select(s => s.Value)]);
    }

    /// <summary>The insert of a subtype instance (for <paramref name="tenant"/>, when rows belong to tenants), returning <see cref="SelectList"/>.</summary>
    public Sql Insert(T entity, string? tenant) => SubtypeOf(entity).Insert(entity, tenant);

    /// <summary>The update of a subtype instance (a row of <paramref name="tenant"/>'s, when rows belong to tenants), returning <see cref="SelectList"/>.</summary>
    public Sql Update(T entity, string? tenant) => SubtypeOf(entity).Update(entity, tenant);

    /// <summary>
    /// The polymorphic select list as written by the statements of concrete type <paramref name="index"/> (−1: the
    /// joined source): its columns where it has them (from the table of its chain that holds each, for joined
    /// tables), typed NULLs (<c>(NULL::"videos")."video_url"</c>, typed by the other table's row type, so no SQL type is
    /// spelled out) where another type has them.
    /// </summary>
    public string Returning(int index)
    {
        if (Strategy == InheritanceStrategy.SingleTable)
            return SelectList;
        var joined = Strategy == InheritanceStrategy.JoinedTables;
        var writer = index < 0 ? null : Subtypes[index];
        var items = new List<string>(Layout.Count)
        {
            joined ? $"{Joined}.{Discriminator}" : $"'{writer!.Value}' AS {Discriminator}",
        };
        items.AddRange(_node.Columns.Select(c => !joined ? c.Quoted : writer?.JoinedColumn(c) ?? _node.JoinedColumn(c)));
        for (var i = 0; i < Subtypes.Count; i++)
        {
            if (Subtypes[i].Map == _node)
                continue;
            var table = Subtypes[i].Map.QualifiedTable.Text;
            foreach (var column in Subtypes[i].OwnColumns)
            {
                items.Add(writer is null ? $"{Own}{i}.{column.Quoted}"
                    : writer.Has(column) ? (joined ? writer.JoinedColumn(column) : column.Quoted)
                    : $"(NULL::{table}).{column.Quoted} AS {column.Quoted}");
            }
        }

        return string.Join(", ", items);
    }

    /// <summary>The subtype of <paramref name="entity"/>'s run-time type.</summary>
    /// <exception cref="ArgumentException">The type is the root itself or a class not mapped as a subtype.</exception>
    public ISubtypeMap<T> SubtypeOf(T entity)
        => _byType.TryGetValue(entity.GetType(), out var subtype)
            ? subtype
            : throw new ArgumentException(
                $"{entity.GetType().Name} is not a mapped subtype of {typeof(T).Name}, so it has no rows of its own; write one of {string.Join(", ", Subtypes.Select(s => s.Map.EntityType.Name))}, or map it with .Subtype<{entity.GetType().Name}>(\"value\").",
                nameof(entity));

    /// <summary>The concrete types below this map (<see cref="Subtypes"/> without the map itself).</summary>
    private IEnumerable<ISubtypeMap<T>> Below => Subtypes.Where(s => s.Map != _node);

    /// <summary><c> LEFT JOIN "articles" AS s1 ON s1."id" = b."id" ...</c>: the table of every concrete type below this map, joined to base rows aliased <c>b</c>.</summary>
    public string Joins()
        => string.Concat(Subtypes.Select((s, i) => s.Map == _node ? string.Empty
            : $" LEFT JOIN {s.Map.QualifiedTable.Text} AS {Own}{i} ON {string.Join(" AND ", _node.RowKeys.Select(k => $"{Own}{i}.{k} = {Joined}.{k}"))}"));

    private void Validate(string discriminator)
    {
        var types = Subtypes.Select(s => s.Map.EntityType).ToList();
        if (types.Distinct().Count() != types.Count)
            throw new InvalidOperationException($"A subtype of {typeof(T).Name} is mapped twice; map each once.");
        if (Subtypes.GroupBy(s => s.Value, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } shared)
            throw new InvalidOperationException($"The discriminator value '{shared.Key}' is used by {string.Join(" and ", shared.Select(s => s.Map.EntityType.Name))} in {typeof(T).Name}'s hierarchy; give each subtype its own.");
        foreach (var subtype in Subtypes)
        {
            // A class deriving from another mapped subtype is mapped under it, so it inherits that subtype's columns.
            var parent = ((IHierarchyNode)subtype.Map).Parent!.Base.EntityType;
            if (types.FirstOrDefault(other => other != subtype.Map.EntityType && other.IsAssignableFrom(subtype.Map.EntityType) && !other.IsAssignableFrom(parent)) is { } skipped)
            {
                throw new InvalidOperationException(
                    $"{subtype.Map.EntityType.Name} derives from {skipped.Name}, another mapped subtype of {typeof(T).Name}; map it under that subtype: .Subtype<{skipped.Name}>(\"...\", s => s.Subtype<{subtype.Map.EntityType.Name}>(\"...\")).");
            }
        }

        if (_node.Tenant?.Name == discriminator)
            throw new InvalidOperationException($"{typeof(T).Name}'s discriminator and tenant column are both \"{discriminator}\"; name them apart.");

        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var column in _node.Columns.Concat(Below.SelectMany(s => s.OwnColumns)))
        {
            var owner = column.Property.DeclaringType?.Name + "." + column.Property.Name;
            if (column.Name == discriminator)
                throw new InvalidOperationException($"{owner} maps the discriminator column \"{discriminator}\", which Keel writes itself; mark the property [NotMapped] or rename its column.");
            if (!names.TryAdd(column.Name, owner) || !names.TryAdd("." + column.Property.Name, owner))
                throw new InvalidOperationException($"{owner} and {names.GetValueOrDefault(column.Name) ?? names["." + column.Property.Name]} share a column or property name in {typeof(T).Name}'s hierarchy; rename one (HasColumnName) so polymorphic reads can tell them apart.");
        }
    }
}
