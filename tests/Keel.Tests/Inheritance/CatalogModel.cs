namespace Keel.Tests.Inheritance;

// A catalog hierarchy with everything Keel maintains (version, created/updated timestamps, soft delete) and unique
// keys on the root (sku) and on a subtype (isbn), mapped three ways by CatalogFixture for the set-based writes.

public abstract class Listing
{
    public Guid Id { get; set; }

    [Unique]
    public required string Sku { get; set; }

    public required string Title { get; set; }

    public int Stock { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? DeletedAt { get; set; }

    [Version]
    public int Version { get; set; }
}

public sealed class Book : Listing
{
    [Unique]
    public required string Isbn { get; set; }

    public int Pages { get; set; }
}

public sealed class Album : Listing
{
    public required string Artist { get; set; }

    public int Tracks { get; set; }
}

/// <summary>A listing type the fixtures never map.</summary>
public sealed class Poster : Listing
{
    public int Width { get; set; }
}
