using Npgsql;

namespace Keel;

/// <summary>A parameter of a <see cref="SensitiveAttribute"/> column: bound like any other, never shown in logs or traces.</summary>
internal sealed class SensitiveSqlValue(SqlValue inner) : SqlValue
{
    public override object? BoxedValue => inner.BoxedValue;

    public override Type ValueType => inner.ValueType;

    public override NpgsqlTypes.NpgsqlDbType? DbType => inner.DbType;

    public override bool IsSensitive => true;

    public override NpgsqlParameter CreateParameter() => inner.CreateParameter();

    public override void AssignTo(NpgsqlParameter parameter) => inner.AssignTo(parameter);

    public override int ValueHashCode() => inner.ValueHashCode();
}
