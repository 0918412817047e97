using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Keel;

/// <summary>
/// A collection-like repository over one document type stored as jsonb. Use it alone (each call leases a pooled
/// session) or bound with <c>.In(tx)</c> so several repositories share one transaction. Subclass it to add domain
/// queries; the bound copy keeps the subclass type.
/// </summary>
public partial class DocumentRepository<[DynamicallyAccessedMembers(Mapped.Document)] T, TId> : DocumentRepositoryBase
    where T : class
    where TId : notnull
{
    private readonly Sql _table;
    private readonly Sql _columns;
    private readonly Sql _liveFilter;
    private Sql? _insertColumns;
    private Sql? _insertPrefix;

    /// <summary>A repository over <typeparamref name="T"/> as registered on <paramref name="keel"/> (or by convention).</summary>
    public DocumentRepository(KeelDataSource keel)
        : base(keel)
    {
        Mapping = keel.Documents.Mapping<T>();
        if (Mapping.IdType != typeof(TId))
            throw new ArgumentException($"{typeof(T).Name} ids are {Mapping.IdType.Name}, not {typeof(TId).Name}; use DocumentRepository<{typeof(T).Name}, {Mapping.IdType.Name}>.");
        _table = Mapping.QualifiedTable;
        _liveFilter = Mapping.IsSoftDeleted ? Sql.Raw(" AND deleted_at IS NULL") : Sql.Empty;
        _columns = Sql.Raw("data, version, created, updated, " + (Mapping.IsSoftDeleted ? "deleted_at" : "NULL::timestamptz AS deleted_at"));
    }

    /// <summary>How the documents are stored.</summary>
    public DocumentMapping<T> Mapping { get; }

    /// <summary>The quoted table, for raw SQL in subclasses.</summary>
    protected internal Sql Table => _table;

    /// <summary>
    /// The escape hatch: documents from any SQL that selects the <c>data</c> column, e.g.
    /// <c>QueryAsync($"SELECT data FROM {Table} WHERE data-&gt;&gt;'make' = {make} ORDER BY created")</c>.
    /// Tenancy and soft-delete filters are the caller's job here.
    /// </summary>
    public Task<IReadOnlyList<T>> QueryAsync(Sql sql, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sql);
        return RunAsync(async (executor, ct) =>
        {
            var rows = await executor.QueryAsync<byte[]>(sql, ct).ConfigureAwait(false);
            var documents = new List<T>(rows.Count);
            foreach (var row in rows)
                documents.Add(Deserialize(row));
            return (IReadOnlyList<T>)documents;
        }, cancellationToken);
    }

    /// <summary><c>AND tenant_id = $n</c> and <c>AND deleted_at IS NULL</c> as the mapping requires.</summary>
    internal Sql Filters(bool includeDeleted)
    {
        var live = includeDeleted ? Sql.Empty : _liveFilter;
        return Mapping.IsMultiTenant ? $"{TenantFilter()}{live}" : live;
    }

    internal Sql TenantFilter()
    {
        if (!Mapping.IsMultiTenant)
            return Sql.Empty;
        var tenant = RequiredTenant();
        return $" AND tenant_id = {tenant}";
    }

    internal string RequiredTenant() => CurrentTenant ?? throw new TenantRequiredException(typeof(T));

    internal T Deserialize(byte[] json)
        => JsonSerializer.Deserialize(json, Mapping.TypeInfo) ?? throw new KeelException($"A stored {typeof(T).Name} deserialized to null.");

    internal Stored<T> ToStored(DocumentRow row) => new(Deserialize(row.Data), row.Version, row.Created, row.Updated, row.DeletedAt);

    internal Sql Columns => _columns;

    /// <summary>A query over the (live) documents: <c>Query().Where(c =&gt; c.Year &lt; 2000).OrderBy(c =&gt; c.Year).ToListAsync()</c>.</summary>
    public DocumentQuery<T, TId> Query() => new(this);
}

/// <summary>A document repository for documents with <see cref="Guid"/> ids (new ids are version-7 GUIDs).</summary>
public class DocumentRepository<[DynamicallyAccessedMembers(Mapped.Document)] T> : DocumentRepository<T, Guid>
    where T : class
{
    /// <summary>A repository over <typeparamref name="T"/> as registered on <paramref name="keel"/>.</summary>
    public DocumentRepository(KeelDataSource keel) : base(keel)
    {
    }
}
