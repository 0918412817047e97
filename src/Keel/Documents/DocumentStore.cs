using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Keel;

/// <summary>
/// The document types registered on one data source (<c>keel.Documents</c>). Register each type once, at start-up,
/// before its first use; an unregistered type gets the conventions (table = type name in snake_case plural, id = <c>Id</c>).
/// </summary>
public sealed class DocumentStore
{
    private static readonly ConditionalWeakTable<KeelDataSource, DocumentStore> Stores = [];
    private readonly ConcurrentDictionary<Type, object> _mappings = new();

    private DocumentStore(KeelDataSource keel) => Keel = keel;

    /// <summary>The data source the documents live in.</summary>
    public KeelDataSource Keel { get; }

    internal static DocumentStore Of(KeelDataSource keel) => Stores.GetValue(keel, k => new DocumentStore(k));

    /// <summary>Registers how <typeparamref name="T"/> is stored.</summary>
    /// <exception cref="InvalidOperationException">The type is already registered (or was already used with the conventions).</exception>
    public DocumentMapping<T> For<[DynamicallyAccessedMembers(Mapped.Document)] T>(Action<DocumentOptions<T>> configure)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(configure);
        var options = new DocumentOptions<T>();
        configure(options);
        var mapping = new DocumentMapping<T>(options);
        if (!_mappings.TryAdd(typeof(T), mapping))
            throw new InvalidOperationException($"{typeof(T).Name} is already registered on this data source; register each document type once, before first use.");
        return mapping;
    }

    /// <summary>The mapping of <typeparamref name="T"/>: registered, or the conventions.</summary>
    public DocumentMapping<T> Mapping<[DynamicallyAccessedMembers(Mapped.Document)] T>()
        where T : class
        => (DocumentMapping<T>)_mappings.GetOrAdd(typeof(T), static _ => new DocumentMapping<T>(new DocumentOptions<T>()));

    /// <summary>The DDL of every registered document type, for a migration.</summary>
    public string SchemaSql => string.Concat(_mappings.Values.Cast<ISchemaSource>().Select(m => m.SchemaSql));

    /// <summary>Creates every registered table and index that does not exist yet (idempotent; for development and tests).</summary>
    public async Task EnsureSchemaAsync(CancellationToken cancellationToken = default)
    {
        var session = await Keel.OpenSessionAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            foreach (var mapping in _mappings.Values.Cast<ISchemaSource>())
            {
                foreach (var statement in mapping.SchemaStatements)
                    await session.ExecuteAsync(Sql.Raw(statement), cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
