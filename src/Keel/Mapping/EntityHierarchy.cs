using System.Collections.Frozen;
using Npgsql;

namespace Keel;

/// <summary>
/// The root of a mapped class hierarchy: its subtypes, the polymorphic select list (the discriminator, the root's
/// columns, then each subtype's own columns), the source polymorphic reads select from, and the reader that picks
/// each row's subtype by its discriminator. Built once with the root's map.
/// </summary>
internal sealed class EntityHierarchy<T>
    where T : class
{
    private const string Joined = "b";
    private const string Own = "s";
    private readonly EntityMap<T> _root;
    private readonly FrozenDictionary<Type, ISubtypeMap<T>> _byType;
    private readonly FrozenDictionary<string, Func<NpgsqlDataReader, T>> _readers;

    public EntityHierarchy(EntityMap<T> root, EntityOptions<T> options)
    {
        _root = root;
        Strategy = options.Strategy!.Value;
        Discriminator = SqlIdentifiers.Quote(options.Discriminator);
        if (options.Subtypes.Count == 0)
            throw new InvalidOperationException($"{typeof(T).Name} is mapped as a hierarchy without subtypes; add them with .Subtype<T>(\"value\").");
        Subtypes = [.. options.Subtypes.Select(create => create(root))];
        Validate(options.Discriminator);
        Layout = [null, .. root.Columns, .. Subtypes.SelectMany(s => s.OwnColumns)];
        SelectList = string.Join(", ", Layout.Select(c => c?.Quoted ?? Discriminator));
        Source = Sql.Raw(Strategy switch
        {
            InheritanceStrategy.SingleTable => root.QualifiedTable.Text,
            InheritanceStrategy.JoinedTables => $"(SELECT {Returning(-1)} FROM {root.QualifiedTable.Text} AS {Joined}{Joins()}) AS {SqlIdentifiers.Quote(root.Table)}",
            _ => $"({string.Join(" UNION ALL ", Subtypes.Select((s, i) => $"SELECT {Returning(i)} FROM {s.Map.QualifiedTable.Text}"))}) AS {SqlIdentifiers.Quote(root.Table)}",
        });
        for (var i = 0; i < Subtypes.Count; i++)
            Subtypes[i].Attach(this, i);
        _byType = Subtypes.ToFrozenDictionary(s => s.Map.EntityType);
        _readers = Subtypes.ToFrozenDictionary(s => s.Value, s => s.Read, StringComparer.Ordinal);
    }

    public InheritanceStrategy Strategy { get; }

    /// <summary>The discriminator (or UNION ALL type) column, quoted.</summary>
    public string Discriminator { get; }

    public IReadOnlyList<ISubtypeMap<T>> Subtypes { get; }

    /// <summary>The polymorphic select list's columns in order; null stands for the discriminator.</summary>
    public IReadOnlyList<EntityColumn?> Layout { get; }

    /// <summary><c>"kind", "id", ..., "body", ..., "video_url", ...</c>: what polymorphic reads select.</summary>
    public string SelectList { get; }

    /// <summary>What polymorphic reads select from: the table, the base table joined to every subtype table, or the UNION ALL of the concrete tables.</summary>
    public Sql Source { get; }

    /// <summary>Reads one row of <see cref="SelectList"/> as the subtype its discriminator names.</summary>
    public T Read(NpgsqlDataReader reader)
    {
        var value = reader.IsDBNull(0) ? null : reader.GetString(0);
        return value is not null && _readers.TryGetValue(value, out var read)
            ? read(reader)
            : throw new UnknownDiscriminatorException(typeof(T), Discriminator, value, [.. Subtypes.Select(s => s.Value)]);
    }

    /// <summary>The insert of a subtype instance, returning <see cref="SelectList"/>.</summary>
    public Sql Insert(T entity) => SubtypeOf(entity).Insert(entity);

    /// <summary>The update of a subtype instance, returning <see cref="SelectList"/>.</summary>
    public Sql Update(T entity) => SubtypeOf(entity).Update(entity);

    /// <summary>
    /// The polymorphic select list as written by subtype <paramref name="index"/>'s statements (−1: the joined
    /// source): its own columns where it has them, typed NULLs (<c>(NULL::"videos")."video_url"</c>, typed by the
    /// other table's row type, so no SQL type is spelled out) where another subtype has them.
    /// </summary>
    public string Returning(int index)
    {
        if (Strategy == InheritanceStrategy.SingleTable)
            return SelectList;
        var joined = Strategy == InheritanceStrategy.JoinedTables;
        var items = new List<string>
        {
            joined ? $"{Joined}.{Discriminator}" : $"'{Subtypes[index].Value}' AS {Discriminator}",
        };
        items.AddRange(_root.Columns.Select(c => joined ? $"{Joined}.{c.Quoted}" : c.Quoted));
        for (var i = 0; i < Subtypes.Count; i++)
        {
            var table = Subtypes[i].Map.QualifiedTable.Text;
            foreach (var column in Subtypes[i].OwnColumns)
            {
                items.Add(index == -1 ? $"{Own}{i}.{column.Quoted}"
                    : i == index ? (joined ? $"{Own}.{column.Quoted}" : column.Quoted)
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

    /// <summary><c> LEFT JOIN "articles" AS s0 ON s0."id" = b."id" ...</c>: every subtype table joined to base rows aliased <c>b</c>.</summary>
    public string Joins()
        => string.Concat(Subtypes.Select((s, i) => $" LEFT JOIN {s.Map.QualifiedTable.Text} AS {Own}{i} ON {string.Join(" AND ", _root.Keys.Select(k => $"{Own}{i}.{k.Quoted} = {Joined}.{k.Quoted}"))}"));

    private void Validate(string discriminator)
    {
        var types = Subtypes.Select(s => s.Map.EntityType).ToList();
        if (types.Distinct().Count() != types.Count)
            throw new InvalidOperationException($"A subtype of {typeof(T).Name} is mapped twice; map each once.");
        if (types.FirstOrDefault(t => types.Any(other => other != t && other.IsAssignableFrom(t))) is { } nested)
            throw new InvalidOperationException($"{nested.Name} derives from another mapped subtype of {typeof(T).Name}; Keel maps one level of concrete subtypes under the root.");
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var column in _root.Columns.Concat(Subtypes.SelectMany(s => s.OwnColumns)))
        {
            var owner = column.Property.DeclaringType?.Name + "." + column.Property.Name;
            if (column.Name == discriminator)
                throw new InvalidOperationException($"{owner} maps the discriminator column \"{discriminator}\", which Keel writes itself; mark the property [NotMapped] or rename its column.");
            if (!names.TryAdd(column.Name, owner) || !names.TryAdd("." + column.Property.Name, owner))
                throw new InvalidOperationException($"{owner} and {names.GetValueOrDefault(column.Name) ?? names["." + column.Property.Name]} share a column or property name in {typeof(T).Name}'s hierarchy; rename one (HasColumnName) so polymorphic reads can tell them apart.");
        }
    }
}
