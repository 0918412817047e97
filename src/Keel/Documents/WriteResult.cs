namespace Keel;

/// <summary>What a write returns: <c>RETURNING version, created, updated</c>.</summary>
internal sealed record WriteResult(int Version, DateTimeOffset Created, DateTimeOffset? Updated);
