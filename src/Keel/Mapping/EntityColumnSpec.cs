namespace Keel;

/// <summary>What the map builder decided about one column, before conversions are compiled.</summary>
internal sealed record EntityColumnSpec(
    string Name,
    ColumnKind Kind,
    ColumnRole Role,
    bool IsKey,
    bool IsIdentity,
    bool IsComputed,
    bool IsSensitive,
    bool IsNullable,
    string? DeclaredType,
    string? DefaultSql,
    Type StoreType);
