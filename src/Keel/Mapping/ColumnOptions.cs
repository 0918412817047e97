namespace Keel;

/// <summary>How one property maps to its column; used inside <c>e.Property(x =&gt; x.Name, p =&gt; p.HasColumnName("full_name"))</c>.</summary>
public sealed class ColumnOptions
{
    internal string? Name { get; private set; }

    internal string? Type { get; private set; }

    internal string? Default { get; private set; }

    internal ColumnRole? Role { get; private set; }

    internal bool Sensitive { get; private set; }

    internal bool Json { get; private set; }

    /// <summary>The column name (default: the property name in snake_case).</summary>
    public ColumnOptions HasColumnName(string name)
    {
        SqlIdentifiers.Validate(name);
        Name = name;
        return this;
    }

    /// <summary>
    /// The SQL type, for the schema and for conversions: an enum with an integer type (<c>integer</c>, <c>smallint</c>)
    /// is stored as its number, otherwise as its name.
    /// </summary>
    public ColumnOptions HasColumnType(string sqlType)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sqlType);
        Type = sqlType;
        return this;
    }

    /// <summary>A server default (trusted SQL text such as <c>now()</c>): the column is left out of INSERT and read back.</summary>
    public ColumnOptions HasDefaultSql(string sql)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        Default = sql;
        return this;
    }

    /// <summary>The row version (as <see cref="VersionAttribute"/>).</summary>
    public ColumnOptions IsVersion() => WithRole(ColumnRole.Version);

    /// <summary>Set once on insert (default for a property named <c>CreatedAt</c>).</summary>
    public ColumnOptions IsCreatedAt() => WithRole(ColumnRole.CreatedAt);

    /// <summary>Set on insert and every update (default for a property named <c>UpdatedAt</c>).</summary>
    public ColumnOptions IsUpdatedAt() => WithRole(ColumnRole.UpdatedAt);

    /// <summary>The soft-delete mark (default for a nullable timestamp named <c>DeletedAt</c>).</summary>
    public ColumnOptions IsSoftDelete() => WithRole(ColumnRole.SoftDelete);

    /// <summary>Values stay out of cursors and logs (as <see cref="SensitiveAttribute"/>).</summary>
    public ColumnOptions IsSensitive()
    {
        Sensitive = true;
        return this;
    }

    /// <summary>Stored as jsonb (as <see cref="JsonbAttribute"/>).</summary>
    public ColumnOptions AsJson()
    {
        Json = true;
        return this;
    }

    private ColumnOptions WithRole(ColumnRole role)
    {
        Role = role;
        return this;
    }
}
