namespace Keel;

/// <summary>A row of a mapped hierarchy names a subtype (by its discriminator value) that is not mapped, so it cannot be materialized.</summary>
public sealed class UnknownDiscriminatorException : KeelException
{
    /// <summary>Creates the exception.</summary>
    public UnknownDiscriminatorException(Type baseType, string column, string? value, IReadOnlyList<string> knownValues)
        : base($"A {baseType?.Name} row has {column} = {(value is null ? "NULL" : $"'{value}'")}, which no mapped subtype uses " +
               $"(known: {string.Join(", ", (knownValues ?? []).Select(v => $"'{v}'"))}). Map the subtype with .Subtype<T>(\"{value}\"), or correct the row.")
    {
        BaseType = baseType!;
        Column = column;
        Value = value;
        KnownValues = knownValues ?? [];
    }

    /// <summary>The root of the hierarchy read.</summary>
    public Type BaseType { get; }

    /// <summary>The discriminator column.</summary>
    public string Column { get; }

    /// <summary>The value found in the row (null for NULL).</summary>
    public string? Value { get; }

    /// <summary>The values of the mapped subtypes.</summary>
    public IReadOnlyList<string> KnownValues { get; }
}
