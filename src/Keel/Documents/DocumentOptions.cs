using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Keel;

/// <summary>
/// How documents of type <typeparamref name="T"/> are stored: table, id, indexes, duplicated columns, soft delete,
/// tenancy and JSON settings. Used inside <c>keel.Documents.For&lt;T&gt;(d =&gt; ...)</c>.
/// </summary>
public sealed class DocumentOptions<[DynamicallyAccessedMembers(Mapped.Document)] T>
    where T : class
{
    internal string? TableName { get; private set; }

    internal string SchemaName { get; private set; } = "public";

    internal LambdaExpression? IdSelector { get; private set; }

    internal List<(LambdaExpression Member, bool Unique)> Indexes { get; } = [];

    internal List<LambdaExpression> Duplicates { get; } = [];

    internal bool Gin { get; private set; }

    internal bool IsSoftDeleted { get; private set; }

    internal bool IsMultiTenant { get; private set; }

    internal JsonSerializerOptions? SerializerOptions { get; private set; }

    internal JsonTypeInfo<T>? TypeInfo { get; private set; }

    /// <summary>The table (default: the type name in snake_case, plural) and its schema (default <c>public</c>).</summary>
    public DocumentOptions<T> Table(string name, string schema = "public")
    {
        SqlIdentifiers.Validate(name);
        SqlIdentifiers.Validate(schema);
        TableName = name;
        SchemaName = schema;
        return this;
    }

    /// <summary>The id member (default: a member named <c>Id</c>): <see cref="Guid"/>, <see cref="string"/>, <see cref="long"/> or <see cref="int"/>.</summary>
    public DocumentOptions<T> Id<TId>(Expression<Func<T, TId>> member)
    {
        ArgumentNullException.ThrowIfNull(member);
        IdSelector = member;
        return this;
    }

    /// <summary>
    /// An expression index on a member, cast for its type: <c>CREATE INDEX ... ((data-&gt;&gt;'year')::integer)</c>.
    /// Equality, range and ORDER BY on the member can then use it.
    /// </summary>
    public DocumentOptions<T> Index<TMember>(Expression<Func<T, TMember>> member, bool unique = false)
    {
        ArgumentNullException.ThrowIfNull(member);
        Indexes.Add((member, unique));
        return this;
    }

    /// <summary>A GIN index on the whole document (<c>jsonb_path_ops</c>): serves equality written as containment (<c>data @&gt; ...</c>).</summary>
    public DocumentOptions<T> GinIndex()
    {
        Gin = true;
        return this;
    }

    /// <summary>
    /// Copies a member into a real, indexed column kept in sync on every write — for dates and anything an expression
    /// index cannot serve (casts to timestamptz are not immutable). Queries on the member read the column.
    /// </summary>
    public DocumentOptions<T> Duplicate<TMember>(Expression<Func<T, TMember>> member)
    {
        ArgumentNullException.ThrowIfNull(member);
        Duplicates.Add(member);
        return this;
    }

    /// <summary>Delete marks documents (<c>deleted_at</c>) instead of removing them; queries skip them unless asked.</summary>
    public DocumentOptions<T> SoftDelete()
    {
        IsSoftDeleted = true;
        return this;
    }

    /// <summary>Every document belongs to a tenant (<c>tenant_id</c>); every read and write is filtered by the session's tenant.</summary>
    public DocumentOptions<T> MultiTenant()
    {
        IsMultiTenant = true;
        return this;
    }

    /// <summary>The serializer options (naming policy, converters). Default: <see cref="JsonSerializerDefaults.Web"/> (camelCase).</summary>
    public DocumentOptions<T> Json(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        SerializerOptions = options;
        return this;
    }

    /// <summary>A source-generated type info (from a <c>JsonSerializerContext</c>): no reflection when serializing.</summary>
    public DocumentOptions<T> Json(JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        TypeInfo = typeInfo;
        SerializerOptions = typeInfo.Options;
        return this;
    }
}
