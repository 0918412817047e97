using System.Diagnostics.CodeAnalysis;

namespace Keel;

/// <summary>Cache-aside views of repositories.</summary>
public static class CachedRepositoryExtensions
{
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
        ArgumentNullException.ThrowIfNull(cache);
        options ??= CachedRepositoryOptions.Default;
        options.Validate();
        return new CachedDocumentRepository<T, TId>(repository, cache, options);
    }
}
