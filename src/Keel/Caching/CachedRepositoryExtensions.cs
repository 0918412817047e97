using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Keel;

/// <summary>Cache-aside views of repositories.</summary>
public static class CachedRepositoryExtensions
{
    /// <summary>The cache's own default JSON settings, prepared once rather than per view.</summary>
    private static readonly JsonSerializerOptions DefaultJson = JsonMembers.Prepare(null);

    /// <summary>
    /// A view of <paramref name="repository"/> whose loads by id and named queries go through <paramref name="cache"/>,
    /// and whose writes invalidate (or write through) after commit: <c>var users = new DocumentRepository&lt;User&gt;(keel).Cached(cache);</c>
    /// </summary>
    public static CachedDocumentRepository<T, TId> Cached<[DynamicallyAccessedMembers(Mapped.Document)] T, TId>(
        this DocumentRepository<T, TId> repository, KeelCache cache, CachedRepositoryOptions? options = null)
        where T : class
        where TId : notnull
    {
        ArgumentNullException.ThrowIfNull(repository);
        return new CachedDocumentRepository<T, TId>(repository, new RepositoryCache<T, TId>(cache, Checked(cache, options), repository.Mapping.TypeInfo, tagRows: false));
    }

    /// <summary>
    /// A view of the relational <paramref name="repository"/> whose finds by key and named queries go through
    /// <paramref name="cache"/>, and whose writes invalidate (or write through) after commit:
    /// <c>var users = new Repository&lt;User, int&gt;(keel).Cached(cache);</c> Entities are serialized with the cache's
    /// <see cref="KeelCacheOptions.SerializerOptions"/>.
    /// </summary>
    public static CachedRepository<T, TId> Cached<[DynamicallyAccessedMembers(Mapped.Members)] T, TId>(
        this Repository<T, TId> repository, KeelCache cache, CachedRepositoryOptions? options = null)
        where T : class
        where TId : notnull
    {
        ArgumentNullException.ThrowIfNull(repository);
        options = Checked(cache, options);
        var json = cache.Options.SerializerOptions is { } configured ? JsonMembers.Prepare(configured) : DefaultJson;
        var typeInfo = (JsonTypeInfo<T>)json.GetTypeInfo(typeof(T));
        return new CachedRepository<T, TId>(repository, new RepositoryCache<T, TId>(cache, options, typeInfo, tagRows: true));
    }

    private static CachedRepositoryOptions Checked(KeelCache cache, CachedRepositoryOptions? options)
    {
        ArgumentNullException.ThrowIfNull(cache);
        options ??= CachedRepositoryOptions.Default;
        options.Validate();
        return options;
    }
}
