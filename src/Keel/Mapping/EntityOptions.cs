using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;
using System.Text.Json;

namespace Keel;

/// <summary>
/// Overrides of the mapping conventions for <typeparamref name="T"/>, used inside
/// <c>keel.Entities.For&lt;T&gt;(e =&gt; e.ToTable("people").HasKey(x =&gt; x.Id).Property(x =&gt; x.Name, p =&gt; p.HasColumnName("full_name")))</c>.
/// The fluent API wins over attributes, attributes over conventions.
/// </summary>
public sealed partial class EntityOptions<[DynamicallyAccessedMembers(Mapped.Members)] T>
    where T : class
{
    internal string? TableName { get; private set; }

    internal string? SchemaName { get; private set; }

    internal IReadOnlyList<string>? KeyProperties { get; private set; }

    internal Dictionary<string, ColumnOptions> Columns { get; } = new(StringComparer.Ordinal);

    internal HashSet<string> Ignored { get; } = new(StringComparer.Ordinal);

    internal Dictionary<string, string> NavigationKeys { get; } = new(StringComparer.Ordinal);

    internal Dictionary<string, EntityJoinTable> JoinTables { get; } = new(StringComparer.Ordinal);

    internal JsonSerializerOptions? JsonOptions { get; private set; }

    /// <summary>The table (default: the type name in snake_case, plural) and its schema (default <c>public</c>).</summary>
    public EntityOptions<T> ToTable(string name, string schema = "public")
    {
        SqlIdentifiers.Validate(name);
        SqlIdentifiers.Validate(schema);
        TableName = name;
        SchemaName = schema;
        return this;
    }

    /// <summary>The primary key: one property (<c>x =&gt; x.Code</c>) or several (<c>x =&gt; new { x.OrderId, x.ProductId }</c>), in key order.</summary>
    public EntityOptions<T> HasKey<TKey>(Expression<Func<T, TKey>> key)
    {
        ArgumentNullException.ThrowIfNull(key);
        KeyProperties = [.. ExpressionTranslator.Projection(key).Select(m => Single(m.Path))];
        return this;
    }

    /// <summary>Configures the column of one property.</summary>
    public EntityOptions<T> Property<TProperty>(Expression<Func<T, TProperty>> property, Action<ColumnOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var name = Single(ExpressionTranslator.Member(property));
        if (!Columns.TryGetValue(name, out var options))
            Columns[name] = options = new ColumnOptions();
        configure(options);
        return this;
    }

    /// <summary>Leaves a property unmapped (as <c>[NotMapped]</c>).</summary>
    public EntityOptions<T> Ignore<TProperty>(Expression<Func<T, TProperty>> property)
    {
        Ignored.Add(Single(ExpressionTranslator.Member(property)));
        return this;
    }

    /// <summary>Names the foreign key property of a navigation (as <c>[ForeignKey]</c>): <c>e.Navigation(p =&gt; p.Author, nameof(Post.WrittenBy))</c>.</summary>
    public EntityOptions<T> Navigation<TTarget>(Expression<Func<T, TTarget>> navigation, string foreignKeyProperty)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(foreignKeyProperty);
        NavigationKeys[Single(ExpressionTranslator.Member(navigation))] = foreignKeyProperty;
        return this;
    }

    /// <summary>
    /// Names the foreign key properties of a navigation whose target has a composite key, one per key column in key
    /// order: <c>e.Navigation(n =&gt; n.Member, nameof(Note.GroupId), nameof(Note.UserId))</c>.
    /// </summary>
    public EntityOptions<T> Navigation<TTarget>(Expression<Func<T, TTarget>> navigation, params string[] foreignKeyProperties)
    {
        ArgumentNullException.ThrowIfNull(foreignKeyProperties);
        if (foreignKeyProperties.Length == 0)
            throw new ArgumentException("Name at least one foreign key property.", nameof(foreignKeyProperties));
        foreach (var property in foreignKeyProperties)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(property, nameof(foreignKeyProperties));
            if (property.Contains(',', StringComparison.Ordinal))
                throw new ArgumentException($"'{property}' is not a property name; pass one name per key column.", nameof(foreignKeyProperties));
        }

        NavigationKeys[Single(ExpressionTranslator.Member(navigation))] = string.Join(",", foreignKeyProperties);
        return this;
    }

    /// <summary>
    /// Names the join table of a many-to-many navigation with no entity of its own, instead of the convention
    /// (<c>product_tags (product_id, tag_id)</c>): <c>e.JoinTable(p =&gt; p.Tags, "product_labels", "product", "label")</c>.
    /// <paramref name="sourceColumn"/> holds this entity's key, <paramref name="targetColumn"/> the other's. Includes,
    /// counts and the schema all use these names; name the table on one side of the pair (or the same on both).
    /// </summary>
    /// <exception cref="ArgumentException">A name is blank, holds a control character or is longer than 63 bytes, or the two columns are the same.</exception>
    public EntityOptions<T> JoinTable<TTarget>(Expression<Func<T, IEnumerable<TTarget>>> navigation, string table, string sourceColumn, string targetColumn, string schema = "public")
    {
        ArgumentNullException.ThrowIfNull(navigation);
        SqlIdentifiers.Validate(table);
        SqlIdentifiers.Validate(sourceColumn);
        SqlIdentifiers.Validate(targetColumn);
        SqlIdentifiers.Validate(schema);
        if (string.Equals(sourceColumn, targetColumn, StringComparison.Ordinal))
            throw new ArgumentException($"The join table {table} needs two different columns; both are named {sourceColumn}.", nameof(targetColumn));
        JoinTables[Single(ExpressionTranslator.Member(navigation))] = new EntityJoinTable(schema, table, sourceColumn, targetColumn);
        return this;
    }

    /// <summary>The JSON settings for jsonb columns (default: web defaults).</summary>
    public EntityOptions<T> Json(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        JsonOptions = options;
        return this;
    }

    private static string Single(MemberPath path)
        => path.Members.Count == 1
            ? path.Members[0].Name
            : throw new ArgumentException($"'{path}' is not a direct property of {typeof(T).Name}; map direct properties only.");
}
