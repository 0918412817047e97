using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Keel;

/// <summary>Registers Keel's cache in a service collection.</summary>
public static class KeelCacheServiceCollectionExtensions
{
    /// <summary>
    /// Registers a singleton <see cref="KeelCache"/>. Its options start from what the container has — an
    /// <see cref="IDistributedCache"/> as L2, an <see cref="ICacheBackplane"/>, an <see cref="IDistributedCacheLock"/>,
    /// the <see cref="ILoggerFactory"/> and a <see cref="TimeProvider"/> — and <paramref name="configure"/> may change
    /// them: <c>services.AddKeelCache((sp, o) =&gt; o with { KeyPrefix = "shop:" })</c>. The container disposes the cache.
    /// </summary>
    public static IServiceCollection AddKeelCache(this IServiceCollection services, Func<IServiceProvider, KeelCacheOptions, KeelCacheOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(provider =>
        {
            var options = new KeelCacheOptions
            {
                Distributed = provider.GetService<IDistributedCache>(),
                Backplane = provider.GetService<ICacheBackplane>(),
                DistributedLock = provider.GetService<IDistributedCacheLock>(),
                LoggerFactory = provider.GetService<ILoggerFactory>(),
                TimeProvider = provider.GetService<TimeProvider>() ?? TimeProvider.System,
            };
            return new KeelCache(configure is null ? options : configure(provider, options));
        });
        return services;
    }

    /// <summary>
    /// Registers the PostgreSQL L2 (<see cref="PostgresDistributedCache"/> as <see cref="IDistributedCache"/>) and the
    /// advisory-lock stampede protection (<see cref="PostgresCacheLock"/>) over the container's <see cref="KeelDataSource"/>.
    /// With <paramref name="backplane"/>, also a <see cref="PostgresCacheBackplane"/> over the same data source, which
    /// must then reach PostgreSQL directly (not PgBouncer in transaction mode). Call before <see cref="AddKeelCache"/>
    /// resolves, i.e. anywhere during registration.
    /// </summary>
    public static IServiceCollection AddKeelPostgresCache(this IServiceCollection services, PostgresDistributedCacheOptions? options = null, bool backplane = false)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<IDistributedCache>(provider => new PostgresDistributedCache(provider.GetRequiredService<KeelDataSource>(), options));
        services.TryAddSingleton<IDistributedCacheLock>(provider => new PostgresCacheLock(provider.GetRequiredService<KeelDataSource>()));
        if (backplane)
            services.TryAddSingleton<ICacheBackplane>(provider => new PostgresCacheBackplane(provider.GetRequiredService<KeelDataSource>()));
        return services;
    }
}
