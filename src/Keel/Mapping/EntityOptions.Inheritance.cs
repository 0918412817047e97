using System.Diagnostics.CodeAnalysis;

namespace Keel;

/// <summary>Mapping a class hierarchy rooted at <typeparamref name="T"/>.</summary>
public sealed partial class EntityOptions<T>
{
    /// <summary>The default name of the discriminator column.</summary>
    public const string DefaultDiscriminator = "kind";

    private readonly List<Func<IEntityMap, IHierarchyNode>> _subtypes = [];
    private readonly HashSet<string> _values = new(StringComparer.Ordinal);

    // Set on a subtype's options: it is stored as its root's hierarchy is, and may add subtypes of its own.
    private bool _inherited;

    internal InheritanceStrategy? Strategy { get; private set; }

    /// <summary>The discriminator column (single table, joined tables) or the type column of the UNION ALL (table per concrete type).</summary>
    internal string Discriminator { get; private set; } = DefaultDiscriminator;

    /// <summary>Set on a subtype's options by its base: the subtype is part of that hierarchy.</summary>
    internal InheritanceParent? Parent { get; set; }

    /// <summary>Builds each direct subtype's map under this type's map (which a nested subtype's map needs as its base).</summary>
    internal IReadOnlyList<Func<IEntityMap, IHierarchyNode>> Subtypes => _subtypes;

    /// <summary>
    /// Maps <typeparamref name="T"/> and its subtypes to one table with a discriminator column:
    /// <c>e.SingleTable("kind").Subtype&lt;Article&gt;("article").Subtype&lt;Video&gt;("video")</c>.
    /// </summary>
    public EntityOptions<T> SingleTable(string discriminatorColumn = DefaultDiscriminator) => WithStrategy(InheritanceStrategy.SingleTable, discriminatorColumn);

    /// <summary>
    /// Maps <typeparamref name="T"/> to a base table (shared columns and the discriminator column) and each subtype to a
    /// table of its own columns sharing the key: <c>e.JoinedTables().Subtype&lt;Article&gt;("article", a =&gt; a.ToTable("articles"))</c>.
    /// </summary>
    public EntityOptions<T> JoinedTables(string discriminatorColumn = DefaultDiscriminator) => WithStrategy(InheritanceStrategy.JoinedTables, discriminatorColumn);

    /// <summary>
    /// Maps each subtype to a complete table of its own; <typeparamref name="T"/> has no table and is read through
    /// UNION ALL, with <paramref name="typeColumn"/> naming the branch. Keys must be unique across the tables (Guid keys, or one shared sequence).
    /// </summary>
    public EntityOptions<T> TablePerConcreteType(string typeColumn = DefaultDiscriminator) => WithStrategy(InheritanceStrategy.TablePerConcreteType, typeColumn);

    /// <summary>
    /// Adds a concrete subtype stored with discriminator <paramref name="value"/> (letters, digits, <c>_ - . :</c>),
    /// with its own overrides (its table for joined tables and table per concrete type; its columns) and its own
    /// subtypes, stored the same way: <c>.Subtype&lt;Article&gt;("article", a =&gt; a.Subtype&lt;FeaturedArticle&gt;("featured"))</c>.
    /// Call after the strategy.
    /// </summary>
    /// <exception cref="InvalidOperationException">No strategy was chosen yet, or the value or type is used twice.</exception>
    public EntityOptions<T> Subtype<[DynamicallyAccessedMembers(Mapped.Members)] TSubtype>(string value, Action<EntityOptions<TSubtype>>? configure = null)
        where TSubtype : class, T
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        if (Strategy is null)
            throw new InvalidOperationException($"Choose how {typeof(T).Name}'s hierarchy is stored (SingleTable, JoinedTables or TablePerConcreteType) before adding subtypes.");
        if (typeof(TSubtype) == typeof(T) || typeof(TSubtype).IsAbstract)
            throw new InvalidOperationException($"{typeof(TSubtype).Name} is not a concrete subtype of {typeof(T).Name}; map concrete classes that derive from it.");
        if (value.Length > 63 || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or ':'))
            throw new ArgumentException($"The discriminator value '{value}' must be at most 63 letters, digits or _ - . : characters.", nameof(value));
        if (!_values.Add(value))
            throw new InvalidOperationException($"The discriminator value '{value}' is already used by another subtype of {typeof(T).Name}.");
        var options = new EntityOptions<TSubtype> { Strategy = Strategy, Discriminator = Discriminator, _inherited = true };
        configure?.Invoke(options);
        var parent = (Strategy.Value, Discriminator);
        _subtypes.Add(map =>
        {
            options.Parent = new InheritanceParent(parent.Value, map, parent.Discriminator, value);
            return new EntityMap<TSubtype>(options);
        });
        return this;
    }

    private EntityOptions<T> WithStrategy(InheritanceStrategy strategy, string discriminator)
    {
        SqlIdentifiers.Validate(discriminator);
        if (_inherited)
            throw new InvalidOperationException($"{typeof(T).Name} is a subtype, stored the way its root's hierarchy is ({Strategy}); add its own subtypes with .Subtype<T>(\"value\") without choosing a strategy.");
        if (Strategy is not null)
            throw new InvalidOperationException($"{typeof(T).Name}'s inheritance strategy is already {Strategy}; choose one.");
        Strategy = strategy;
        Discriminator = discriminator;
        return this;
    }
}
