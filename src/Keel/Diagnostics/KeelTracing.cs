using System.Diagnostics;

namespace Keel;

/// <summary>Keel's <see cref="ActivitySource"/>: one client span per command.</summary>
public static class KeelTracing
{
    /// <summary>The activity source name: <c>Keel</c>.</summary>
    public const string SourceName = "Keel";

    internal static readonly ActivitySource Source = new(SourceName, "1.0");
}
