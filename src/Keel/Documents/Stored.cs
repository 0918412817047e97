namespace Keel;

/// <summary>
/// A document with the metadata Keel keeps beside it, so the domain type stays a plain record:
/// <c>var stored = await cars.LoadStoredAsync(id); await cars.UpdateAsync(stored with { Document = ... });</c>
/// </summary>
/// <param name="Document">The document.</param>
/// <param name="Version">Starts at 1, +1 on every write; the optimistic-concurrency token.</param>
/// <param name="Created">When it was inserted.</param>
/// <param name="Updated">When it was last written after the insert, if ever.</param>
/// <param name="DeletedAt">When it was soft-deleted, if it was.</param>
public sealed record Stored<T>(T Document, int Version, DateTimeOffset Created, DateTimeOffset? Updated, DateTimeOffset? DeletedAt = null);
