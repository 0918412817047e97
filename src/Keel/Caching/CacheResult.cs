namespace Keel;

/// <summary>What <see cref="KeelCache.TryGetAsync{T}(string, CancellationToken)"/> found.</summary>
/// <param name="Found">True when the key held a fresh value (which may itself be null).</param>
/// <param name="Value">The value; <c>default</c> when not found.</param>
public readonly record struct CacheResult<T>(bool Found, T? Value);
