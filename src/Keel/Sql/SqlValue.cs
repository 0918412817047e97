using Npgsql;

namespace Keel;

/// <summary>
/// A parameter value held by an <see cref="Sql"/>. A fresh <see cref="NpgsqlParameter"/> is made per
/// execution because Npgsql lets a parameter belong to one command at a time, and an <see cref="Sql"/>
/// may run concurrently or be retried.
/// </summary>
internal abstract class SqlValue
{
    public abstract NpgsqlParameter CreateParameter();

    /// <summary>Overwrites the value of a parameter this value's type created (a reused batch).</summary>
    public abstract void AssignTo(NpgsqlParameter parameter);

    public abstract object? BoxedValue { get; }

    /// <summary>A hash of the value without boxing it (N+1 detection tells parameter sets apart with it).</summary>
    public abstract int ValueHashCode();

    public abstract Type ValueType { get; }

    /// <summary>An explicit PostgreSQL type, when the value does not decide it alone (e.g. jsonb text).</summary>
    public virtual NpgsqlTypes.NpgsqlDbType? DbType => null;

    /// <summary>True for values of <see cref="SensitiveAttribute"/> columns: redacted even where values are logged.</summary>
    public virtual bool IsSensitive => false;
}

/// <summary>A typed parameter value; <see cref="NpgsqlParameter{T}"/> writes it without boxing.</summary>
internal sealed class SqlValue<T>(T value) : SqlValue
{
    public T Value { get; } = value;

    public override object? BoxedValue => Value;

    public override int ValueHashCode() => Value is null ? 0 : EqualityComparer<T>.Default.GetHashCode(Value);

    public override Type ValueType => typeof(T);

    public override void AssignTo(NpgsqlParameter parameter) => ((NpgsqlParameter<T>)parameter).TypedValue = Value;

    public override NpgsqlParameter CreateParameter()
    {
        // Npgsql sends a null TypedValue (or an empty Nullable<T>) as SQL NULL while keeping the
        // parameter's type, so `{(int?)null}` still binds as a typed int4 NULL.
        return new NpgsqlParameter<T> { TypedValue = Value };
    }
}
