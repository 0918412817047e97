using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Keel;

/// <summary>
/// The entity types mapped on one data source (<c>keel.Entities</c>). Configure each type once, at start-up, before
/// its first use; a type never configured is mapped by the conventions (table = type name in snake_case plural,
/// columns = properties in snake_case, key = <c>Id</c>).
/// </summary>
public sealed partial class EntityStore
{
    private static readonly ConditionalWeakTable<KeelDataSource, EntityStore> Stores = [];
    private readonly ConcurrentDictionary<Type, IEntityMap> _maps = new();

    private EntityStore(KeelDataSource keel) => Keel = keel;

    /// <summary>The data source the tables live in.</summary>
    public KeelDataSource Keel { get; }

    internal static EntityStore Of(KeelDataSource keel) => Stores.GetValue(keel, k => new EntityStore(k));

    /// <summary>
    /// Maps <typeparamref name="T"/> with overrides of the conventions:
    /// <c>keel.Entities.For&lt;User&gt;(e =&gt; e.ToTable("people").Property(u =&gt; u.Email, p =&gt; p.HasColumnName("mail")))</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The type is already mapped (or was already used with the conventions).</exception>
    public EntityStore For<[DynamicallyAccessedMembers(Mapped.Members)] T>(Action<EntityOptions<T>> configure)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(configure);
        var options = new EntityOptions<T>();
        configure(options);
        if (!_maps.TryAdd(typeof(T), new EntityMap<T>(options)))
            throw new InvalidOperationException($"{typeof(T).Name} is already mapped on this data source; map each entity type once, before first use.");
        return this;
    }

    /// <summary>Maps <typeparamref name="T"/> by its attributes and the conventions (so the schema and relations know it).</summary>
    public EntityStore Add<[DynamicallyAccessedMembers(Mapped.Members)] T>()
        where T : class
    {
        _ = Map<T>();
        return this;
    }

    /// <summary>The map of <typeparamref name="T"/>: configured, or the conventions.</summary>
    internal EntityMap<T> Map<[DynamicallyAccessedMembers(Mapped.Members)] T>()
        where T : class
        => (EntityMap<T>)_maps.GetOrAdd(typeof(T), static _ => new EntityMap<T>(new EntityOptions<T>()));

    /// <summary>The map of an entity type already mapped on this data source, or null.</summary>
    internal IEntityMap? Find(Type entityType) => _maps.GetValueOrDefault(entityType);
}
