namespace Keel;

/// <summary>How bad a <see cref="LintFinding"/> is.</summary>
public enum LintSeverity
{
    /// <summary>A design choice worth a second look (types, missing indexes); the migration is safe to run.</summary>
    Warning,

    /// <summary>Destroys data, breaks running code, fails, or holds a lock that blocks traffic for the length of a scan or rewrite.</summary>
    Error,
}
