namespace Keel;

/// <summary>Settings of a <see cref="PostgresCacheBackplane"/>. Immutable.</summary>
public sealed record PostgresCacheBackplaneOptions
{
    /// <summary>The LISTEN/NOTIFY channel; every node of one cache must use the same. Default <c>keel_cache</c>.</summary>
    public string Channel { get; init; } = "keel_cache";

    /// <summary>The first wait before reconnecting after the listening connection is lost; doubled after each failure. Default 200 ms.</summary>
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest wait between reconnection attempts. Default 30 s.</summary>
    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the listener waits for a notification before checking the connection with a query. Default 30 s.</summary>
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(30);

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Channel, nameof(Channel));
        _ = Sql.Identifier(Channel);
        if (ReconnectDelay <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(ReconnectDelay), ReconnectDelay, "ReconnectDelay must be positive.");
        if (MaxReconnectDelay < ReconnectDelay)
            throw new ArgumentOutOfRangeException(nameof(MaxReconnectDelay), MaxReconnectDelay, "MaxReconnectDelay must be at least ReconnectDelay.");
        if (KeepAliveInterval <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(KeepAliveInterval), KeepAliveInterval, "KeepAliveInterval must be positive.");
    }
}
