using Npgsql;
using NpgsqlTypes;

namespace Keel;

/// <summary>A parameter value whose static type is <see cref="object"/>: Npgsql resolves the type from the value (or the given type).</summary>
internal sealed class SqlObjectValue(object? value, NpgsqlDbType? dbType) : SqlValue
{
    public override object? BoxedValue => value;

    public override int ValueHashCode() => value?.GetHashCode() ?? 0;

    public override Type ValueType => value?.GetType() ?? typeof(object);

    public override NpgsqlDbType? DbType => dbType;

    public override NpgsqlParameter CreateParameter()
    {
        var parameter = new NpgsqlParameter { Value = value ?? DBNull.Value };
        if (dbType is { } type)
            parameter.NpgsqlDbType = type;
        return parameter;
    }

    public override void AssignTo(NpgsqlParameter parameter) => parameter.Value = value ?? DBNull.Value;
}
