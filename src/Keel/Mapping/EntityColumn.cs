using System.Reflection;

namespace Keel;

/// <summary>One mapped column of an entity: the property, the column, how values convert, and what Keel maintains in it. Immutable.</summary>
internal sealed class EntityColumn
{
    private readonly Func<object?, object?> _toStore;

    public EntityColumn(PropertyInfo property, EntityColumnSpec spec, Func<object?, object?> toStore)
    {
        Property = property;
        Name = spec.Name;
        Kind = spec.Kind;
        Role = spec.Role;
        IsKey = spec.IsKey;
        IsIdentity = spec.IsIdentity;
        IsComputed = spec.IsComputed;
        IsSensitive = spec.IsSensitive;
        IsNullable = spec.IsNullable;
        DeclaredType = spec.DeclaredType;
        DefaultSql = spec.DefaultSql;
        StoreType = spec.StoreType;
        Quoted = SqlIdentifiers.Quote(spec.Name);
        _toStore = toStore;
    }

    public PropertyInfo Property { get; }

    /// <summary>The .NET type of the property.</summary>
    public Type Type => Property.PropertyType;

    public string Name { get; }

    /// <summary>The column name, quoted.</summary>
    public string Quoted { get; }

    public ColumnKind Kind { get; }

    public ColumnRole Role { get; }

    public bool IsKey { get; }

    /// <summary>The server numbers it (an integer key): never written, read back by RETURNING.</summary>
    public bool IsIdentity { get; }

    /// <summary>The server computes it (<c>[DatabaseGenerated(Computed)]</c>): never written.</summary>
    public bool IsComputed { get; }

    public bool IsSensitive { get; }

    public bool IsNullable { get; }

    /// <summary>The SQL type declared by <c>[Column(TypeName = ...)]</c> or the fluent API, if any.</summary>
    public string? DeclaredType { get; }

    /// <summary>A server default (SQL text): the column is left out of INSERT and read back by RETURNING.</summary>
    public string? DefaultSql { get; }

    /// <summary>The .NET type sent to and read from Npgsql (an enum's string or int, a JSON object's bytes).</summary>
    public Type StoreType { get; }

    /// <summary>Written by INSERT from the entity's value.</summary>
    public bool IsInserted => !IsIdentity && !IsComputed && DefaultSql is null && Role is ColumnRole.Data or ColumnRole.SoftDelete;

    /// <summary>Written by UPDATE from the entity's value.</summary>
    public bool IsUpdated => !IsKey && !IsComputed && Role == ColumnRole.Data;

    /// <summary>A value of the property as the column stores it, for predicates and key lookups.</summary>
    public object? ToStore(object? value) => _toStore(value);

    public override string ToString() => $"{Property.DeclaringType?.Name}.{Property.Name} -> {Name}";
}
