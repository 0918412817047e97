using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Keel;

/// <summary>Registers Keel in a service collection.</summary>
public static class KeelServiceCollectionExtensions
{
    /// <summary>
    /// Registers a singleton <see cref="KeelDataSource"/> built from <see cref="KeelOptions"/> (configured here and by
    /// any other <c>Configure&lt;KeelOptions&gt;</c>), using the container's <see cref="ILoggerFactory"/> unless the
    /// options name one, and <see cref="KeelHealthCheck"/> for <c>AddHealthChecks().AddCheck&lt;KeelHealthCheck&gt;(…)</c>.
    /// The container disposes the data source (and its pool) at shutdown.
    /// </summary>
    public static IServiceCollection AddKeel(this IServiceCollection services, Action<KeelOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<KeelOptions>().Configure(configure);
        services.TryAddSingleton(provider =>
        {
            // The options instance is shared; the container's logger factory is passed alongside, not written into it.
            var options = provider.GetRequiredService<IOptions<KeelOptions>>().Value;
            return KeelDataSource.Create(options, options.LoggerFactory ?? provider.GetService<ILoggerFactory>());
        });
        services.TryAddSingleton<KeelHealthCheck>();
        return services;
    }
}
