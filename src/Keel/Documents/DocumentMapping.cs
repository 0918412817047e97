using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Keel;

/// <summary>
/// The storage of one document type, fixed at registration: table, id, JSON settings, indexes, duplicated columns,
/// soft delete and tenancy. <see cref="SchemaSql"/> is the DDL migrations consume.
/// </summary>
public sealed partial class DocumentMapping<[DynamicallyAccessedMembers(Mapped.Document)] T> : IDocumentLayout, ISchemaSource
    where T : class
{
    private readonly Func<T, object?> _getId;
    private readonly Action<T, object> _setId;

    internal DocumentMapping(DocumentOptions<T> options)
    {
        Json = JsonMembers.Prepare(options.SerializerOptions);
        Members = new JsonMembers(Json);
        TypeInfo = options.TypeInfo ?? (JsonTypeInfo<T>)Json.GetTypeInfo(typeof(T));
        Schema = options.SchemaName;
        Table = options.TableName ?? NameConvention.ToSnakeCase(typeof(T).Name) + "s";
        IsSoftDeleted = options.IsSoftDeleted;
        IsMultiTenant = options.IsMultiTenant;
        HasGinIndex = options.Gin;

        var idSelector = options.IdSelector ?? DefaultIdSelector();
        IdPath = MemberPath.FromLambda(idSelector);
        if (IdPath.Members.Count != 1)
            throw new ArgumentException($"The id of {typeof(T).Name} must be a direct member, not '{IdPath}'.", nameof(options));
        IdType = IdPath.Type;
        IdSqlType = IdType == typeof(Guid) ? "uuid" : IdType == typeof(string) ? "text" : IdType == typeof(long) ? "bigint" : IdType == typeof(int) ? "integer"
            : throw new NotSupportedException($"The id of {typeof(T).Name} is a {IdType.Name}; Keel supports Guid, string, long and int ids.");
        (_getId, _setId) = CompileIdAccessors(IdPath);

        Indexes = [.. options.Indexes.Select(i => new DocumentIndex(MemberPath.FromLambda(i.Member), i.Unique))];
        Duplicates = [.. options.Duplicates.Select(CreateDuplicate)];
        Target = new DocumentMemberTarget(this);
    }

    /// <summary>The schema name.</summary>
    public string Schema { get; }

    /// <summary>The table name.</summary>
    public string Table { get; }

    /// <summary>The .NET type of the id.</summary>
    public Type IdType { get; }

    /// <summary>True when deletes only mark documents.</summary>
    public bool IsSoftDeleted { get; }

    /// <summary>True when documents belong to tenants.</summary>
    public bool IsMultiTenant { get; }

    /// <summary>The serializer options used for the documents.</summary>
    public JsonSerializerOptions Json { get; }

    internal JsonTypeInfo<T> TypeInfo { get; }

    JsonMembers IDocumentLayout.Members => Members;

    internal JsonMembers Members { get; }

    internal bool HasGinIndex { get; }

    internal MemberPath IdPath { get; }

    internal string IdSqlType { get; }

    internal IReadOnlyList<DocumentIndex> Indexes { get; }

    internal IReadOnlyList<DuplicatedMember> Duplicates { get; }

    internal DocumentMemberTarget Target { get; }

    /// <summary>The quoted, schema-qualified table for use in raw SQL: <c>$"SELECT data FROM {mapping.QualifiedTable} WHERE ..."</c>.</summary>
    public Sql QualifiedTable => Sql.Identifier(Schema, Table);

    internal object? GetId(T document) => _getId(document);

    internal void SetId(T document, object id) => _setId(document, id);

    DuplicatedMember? IDocumentLayout.DuplicateFor(MemberPath path) => DuplicateFor(path);

    bool IDocumentLayout.HasIndexOn(MemberPath path) => Indexes.Any(i => i.Path.Members.SequenceEqual(path.Members));

    internal DuplicatedMember? DuplicateFor(MemberPath path)
    {
        foreach (var duplicate in Duplicates)
        {
            if (duplicate.Path.Members.SequenceEqual(path.Members))
                return duplicate;
        }

        return null;
    }

    private static LambdaExpression DefaultIdSelector()
    {
        var property = typeof(T).GetProperty("Id") ?? throw new ArgumentException(
            $"{typeof(T).Name} has no Id property; name the id member with .Id(x => x.YourId).");
        var parameter = Expression.Parameter(typeof(T), "x");
        return Expression.Lambda(Expression.Property(parameter, property), parameter);
    }

    private static (Func<T, object?>, Action<T, object>) CompileIdAccessors(MemberPath path)
    {
        var document = Expression.Parameter(typeof(T), "document");
        var member = Expression.MakeMemberAccess(document, path.Members[0]);
        var get = Expression.Lambda<Func<T, object?>>(Expression.Convert(member, typeof(object)), document).Compile();
        var value = Expression.Parameter(typeof(object), "id");
        Action<T, object> set;
        try
        {
            // Init-only setters are assignable from an expression tree; a get-only property cannot take a new id.
            set = Expression.Lambda<Action<T, object>>(Expression.Assign(member, Expression.Convert(value, path.Type)), document, value).Compile();
        }
        catch (ArgumentException)
        {
            set = (_, _) => throw new KeelException($"{typeof(T).Name}.{path} has no setter, so Keel cannot assign a new id; set the id before inserting.");
        }

        return (get, set);
    }

    private DuplicatedMember CreateDuplicate(LambdaExpression selector)
    {
        var path = MemberPath.FromLambda(selector);
        var kind = Members.KindOf(path.Type);
        var sqlType = kind switch
        {
            JsonMemberKind.Text => "text",
            JsonMemberKind.Integer => "integer",
            JsonMemberKind.BigInt => "bigint",
            JsonMemberKind.Numeric => "numeric",
            JsonMemberKind.Boolean => "boolean",
            JsonMemberKind.Timestamp => "timestamptz",
            JsonMemberKind.Date => "date",
            JsonMemberKind.Uuid => "uuid",
            _ => throw new NotSupportedException($"Member '{path}' of {typeof(T).Name} is an object or collection; only scalar members can be duplicated into columns."),
        };
        var getter = Expression.Lambda<Func<T, object?>>(Expression.Convert(selector.Body, typeof(object)), selector.Parameters).Compile();
        var column = string.Join('_', path.Members.Select(m => NameConvention.ToSnakeCase(m.Name)));
        SqlIdentifiers.Validate(column);
        // The column holds the value itself (a uuid stays a Guid); other kinds are written as the JSON holds them.
        Func<object, object?> read = document =>
        {
            object? value;
            try
            {
                value = getter((T)document);
            }
            catch (NullReferenceException)
            {
                // A null parent on a nested path (x.Address.City with no Address) means no value.
                return null;
            }

            return kind == JsonMemberKind.Uuid ? value : Members.ToParameter(path.Type, value);
        };
        return new DuplicatedMember(path, column, sqlType, read);
    }
}
