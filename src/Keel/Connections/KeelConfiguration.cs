namespace Keel;

/// <summary>The validated, immutable snapshot of <see cref="KeelOptions"/> a data source runs with.</summary>
internal sealed record KeelConfiguration(
    string Name,
    int MaxPoolSize,
    TimeSpan? SlowCommandThreshold,
    bool IncludeParameterValues,
    TransactionOptions DefaultTransactionOptions,
    NPlusOneMode NPlusOneMode,
    int NPlusOneThreshold)
{
    private static int _unnamed;

    public static (KeelConfiguration Configuration, string ConnectionString) From(KeelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
            throw new ArgumentException("KeelOptions.ConnectionString is required.", nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxPoolSize, 1, nameof(options.MaxPoolSize));
        ArgumentOutOfRangeException.ThrowIfNegative(options.MinPoolSize, nameof(options.MinPoolSize));
        if (options.MinPoolSize > options.MaxPoolSize)
            throw new ArgumentException($"MinPoolSize ({options.MinPoolSize}) exceeds MaxPoolSize ({options.MaxPoolSize}).", nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.ConnectionIdleLifetime.Ticks, nameof(options.ConnectionIdleLifetime));
        ArgumentOutOfRangeException.ThrowIfNegative(options.ConnectionLifetime.Ticks, nameof(options.ConnectionLifetime));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.AcquireTimeout, TimeSpan.FromSeconds(1), nameof(options.AcquireTimeout));
        ArgumentOutOfRangeException.ThrowIfNegative(options.CommandTimeout.Ticks, nameof(options.CommandTimeout));
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxAutoPrepare, nameof(options.MaxAutoPrepare));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.AutoPrepareMinUsages, 1, nameof(options.AutoPrepareMinUsages));
        ArgumentNullException.ThrowIfNull(options.DefaultTransactionOptions);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.NPlusOneThreshold, 1, nameof(options.NPlusOneThreshold));
        if (!Enum.IsDefined(options.NPlusOneMode))
            throw new ArgumentOutOfRangeException(nameof(options), options.NPlusOneMode, "Unknown NPlusOneMode.");
        options.DefaultTransactionOptions.Validate();

        Npgsql.NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new Npgsql.NpgsqlConnectionStringBuilder(options.ConnectionString);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"KeelOptions.ConnectionString is not a valid connection string: {e.Message}", nameof(options), e);
        }

        builder.Pooling = true;
        builder.MaxPoolSize = options.MaxPoolSize;
        builder.MinPoolSize = options.MinPoolSize;
        builder.ConnectionIdleLifetime = (int)options.ConnectionIdleLifetime.TotalSeconds;
        builder.ConnectionLifetime = (int)options.ConnectionLifetime.TotalSeconds;
        builder.Timeout = (int)Math.Ceiling(options.AcquireTimeout.TotalSeconds);
        builder.CommandTimeout = (int)Math.Ceiling(options.CommandTimeout.TotalSeconds);
        builder.ApplicationName = options.ApplicationName;
        builder.MaxAutoPrepare = options.MaxAutoPrepare;
        builder.AutoPrepareMinUsages = options.AutoPrepareMinUsages;

        var configuration = new KeelConfiguration(
            // Each unnamed pool gets its own name so that pool snapshots never mix two pools' counts.
            string.IsNullOrWhiteSpace(options.Name) ? "keel-" + Interlocked.Increment(ref _unnamed) : options.Name,
            options.MaxPoolSize,
            options.SlowCommandThreshold,
            options.IncludeParameterValues,
            options.DefaultTransactionOptions,
            options.NPlusOneMode,
            options.NPlusOneThreshold);
        return (configuration, builder.ConnectionString);
    }
}
