namespace Keel.Redis;

/// <summary>Settings of a <see cref="RedisCacheBackplane"/>.</summary>
public sealed record RedisCacheBackplaneOptions
{
    /// <summary>The pub/sub channel every node of one application publishes to and listens on. Default <c>keel:cache:backplane</c>.</summary>
    public string Channel { get; init; } = "keel:cache:backplane";
}
