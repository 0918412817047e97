namespace Keel;

/// <summary>Settings of a <see cref="DataLoader{TKey, T}"/>, fixed when the loader is created.</summary>
public sealed class DataLoaderOptions
{
    internal static DataLoaderOptions Default { get; } = new();

    /// <summary>
    /// The most keys sent to the batch function in one call (default 1,000); a bigger batch is split into several
    /// calls, run one after another. Keeps a single <c>ANY($1)</c> array and its result set to a sensible size.
    /// </summary>
    public int MaxBatchSize { get; init; } = 1000;
}
