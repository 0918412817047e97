namespace Keel.Tests.Inheritance;

// Seed 000's content hierarchy: an abstract Content with two concrete kinds, mapped three ways by the fixtures, and a
// featured article that the nested fixtures map under Article.

public abstract class Content
{
    public Guid Id { get; set; }

    public required string Title { get; set; }

    public string Description { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }

    [Version]
    public int Version { get; set; }
}

public class Article : Content
{
    public required string Body { get; set; }

    public required string Author { get; set; }

    public int ReadCount { get; set; }
}

public sealed class Video : Content
{
    public required string VideoUrl { get; set; }

    public int DurationSeconds { get; set; }

    public string? Resolution { get; set; }
}

/// <summary>An article on the front page: a subtype of a subtype.</summary>
public sealed class FeaturedArticle : Article
{
    public required string Headline { get; set; }

    public int Priority { get; set; }
}

/// <summary>A subtype the fixtures never map.</summary>
public sealed class Podcast : Content
{
    public string? Feed { get; set; }
}
