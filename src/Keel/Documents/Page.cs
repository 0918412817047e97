namespace Keel;

/// <summary>One page of a keyset-paginated query; pass <see cref="NextCursor"/> to <c>After</c> for the next one.</summary>
/// <param name="Items">The documents of this page.</param>
/// <param name="NextCursor">An opaque cursor after the last item, or null when this is the last page.</param>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);
