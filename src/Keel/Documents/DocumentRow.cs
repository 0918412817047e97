namespace Keel;

/// <summary>One stored row as read: the JSON bytes and the metadata.</summary>
internal sealed record DocumentRow(byte[] Data, int Version, DateTimeOffset Created, DateTimeOffset? Updated, DateTimeOffset? DeletedAt);
