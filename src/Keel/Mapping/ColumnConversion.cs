using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Npgsql;
using NpgsqlTypes;

namespace Keel;

/// <summary>
/// The one definition of each column conversion, as expression trees: property value → stored value (enum name or
/// number, JSON bytes, UTC timestamps). Parameters, COPY rows and predicate values all go through
/// <see cref="ToStore"/>; reads undo it in <see cref="Read"/>, so a value round-trips the same way everywhere.
/// </summary>
internal static class ColumnConversion
{
    private static readonly MethodInfo EnumNameMethod = Helper(nameof(EnumName));
    private static readonly MethodInfo EnumNameOrNullMethod = Helper(nameof(EnumNameOrNull));
    private static readonly MethodInfo JsonBytesMethod = Helper(nameof(JsonBytes));
    private static readonly MethodInfo JsonReadMethod = Helper(nameof(JsonRead));
    private static readonly MethodInfo TypedMethod = Helper(nameof(Typed));
    private static readonly MethodInfo WriteMethod = Helper(nameof(Write));
    private static readonly MethodInfo UtcMethod = Helper(nameof(Utc));
    private static readonly MethodInfo UtcOrNullMethod = Helper(nameof(UtcOrNull));
    private static readonly MethodInfo GetBytes = typeof(NpgsqlDataReader).GetMethod(nameof(NpgsqlDataReader.GetFieldValue), [typeof(int)])!.MakeGenericMethod(typeof(byte[]));
    private static readonly MethodInfo IsDbNull = typeof(NpgsqlDataReader).GetMethod(nameof(NpgsqlDataReader.IsDBNull), [typeof(int)])!;

    /// <summary>The .NET type Npgsql sees for a column of <paramref name="kind"/> over a property of <paramref name="type"/>.</summary>
    public static Type StoreType(ColumnKind kind, Type type) => kind switch
    {
        ColumnKind.EnumText => typeof(string),
        ColumnKind.EnumInteger => Nullable.GetUnderlyingType(type) is null ? typeof(int) : typeof(int?),
        ColumnKind.Json => typeof(byte[]),
        _ => type,
    };

    /// <summary>The stored form of <paramref name="value"/> (typed as the property), typed as <see cref="EntityColumn.StoreType"/>.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2060", Justification = "The helpers instantiated here carry no trimming requirements on their type parameters.")]
    public static Expression ToStore(ColumnKind kind, Expression value, JsonSerializerOptions json)
    {
        var type = value.Type;
        var underlying = Nullable.GetUnderlyingType(type);
        return kind switch
        {
            ColumnKind.EnumText when underlying is null => Expression.Call(EnumNameMethod.MakeGenericMethod(type), value),
            ColumnKind.EnumText => Expression.Call(EnumNameOrNullMethod.MakeGenericMethod(underlying), value),
            ColumnKind.EnumInteger => Expression.Convert(value, StoreType(kind, type)),
            ColumnKind.Json => Expression.Call(JsonBytesMethod.MakeGenericMethod(type), value, Expression.Constant(json.GetTypeInfo(type), typeof(JsonTypeInfo))),
            // timestamptz takes only UTC offsets in Npgsql; the instant is what is stored either way.
            _ when type == typeof(DateTimeOffset) => Expression.Call(UtcMethod, value),
            _ when type == typeof(DateTimeOffset?) => Expression.Call(UtcOrNullMethod, value),
            _ => value,
        };
    }

    /// <summary>A boxed version of <see cref="ToStore"/>, for values met at run time (predicates, composite keys, cursors).</summary>
    public static Func<object?, object?> CompileBoxed(ColumnKind kind, Type type, JsonSerializerOptions json)
    {
        var input = Expression.Parameter(typeof(object), "value");
        var typed = Expression.Convert(input, type);
        var body = Expression.Convert(ToStore(kind, typed, json), typeof(object));
        // A null never reaches the conversion: the translator turns comparisons with null into IS NULL first.
        var guarded = type.IsValueType && Nullable.GetUnderlyingType(type) is null
            ? (Expression)body
            : Expression.Condition(Expression.Equal(input, Expression.Constant(null)), Expression.Constant(null), body);
        return Expression.Lambda<Func<object?, object?>>(guarded, input).Compile();
    }

    /// <summary>A parameter holding the stored value (typed, or jsonb), redacted in logs when the column is sensitive.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2060", Justification = "The helpers instantiated here carry no trimming requirements on their type parameters.")]
    public static Expression Parameter(EntityColumn column, Expression stored)
        => Expression.Call(TypedMethod.MakeGenericMethod(stored.Type), stored, Expression.Constant(column.Kind == ColumnKind.Json), Expression.Constant(column.IsSensitive));

    /// <summary>Writes the stored value as one field of a binary COPY row.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2060", Justification = "The helpers instantiated here carry no trimming requirements on their type parameters.")]
    public static Expression CopyField(EntityColumn column, Expression importer, Expression stored, Expression cancellationToken)
        => Expression.Call(WriteMethod.MakeGenericMethod(stored.Type), importer, stored, Expression.Constant(column.Kind == ColumnKind.Json), cancellationToken);

    /// <summary>A reader expression for columns the default row reader cannot read (jsonb into an object); null for the rest.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2060", Justification = "The helpers instantiated here carry no trimming requirements on their type parameters.")]
    public static Expression? Read(EntityColumn column, ParameterExpression reader, int ordinal, JsonSerializerOptions json)
    {
        if (column.Kind != ColumnKind.Json)
            return null;
        var i = Expression.Constant(ordinal);
        var value = Expression.Call(JsonReadMethod.MakeGenericMethod(column.Type), Expression.Call(reader, GetBytes, i), Expression.Constant(json.GetTypeInfo(column.Type), typeof(JsonTypeInfo)));
        return Expression.Condition(Expression.Call(reader, IsDbNull, i), Expression.Default(column.Type), value);
    }

    private static MethodInfo Helper(string name) => typeof(ColumnConversion).GetMethod(name, BindingFlags.NonPublic | BindingFlags.Static)!;

    private static string EnumName<TEnum>(TEnum value) where TEnum : struct, Enum => value.ToString();

    private static string? EnumNameOrNull<TEnum>(TEnum? value) where TEnum : struct, Enum => value?.ToString();

    private static DateTimeOffset Utc(DateTimeOffset value) => value.ToUniversalTime();

    private static DateTimeOffset? UtcOrNull(DateTimeOffset? value) => value?.ToUniversalTime();

    private static byte[]? JsonBytes<TValue>(TValue value, JsonTypeInfo info)
        => value is null ? null : JsonSerializer.SerializeToUtf8Bytes(value, (JsonTypeInfo<TValue>)info);

    private static TValue JsonRead<TValue>(byte[] json, JsonTypeInfo info)
        => JsonSerializer.Deserialize(json, (JsonTypeInfo<TValue>)info)!;

    private static SqlValue Typed<TStored>(TStored value, bool json, bool sensitive)
    {
        SqlValue parameter = json ? new SqlObjectValue(value, NpgsqlDbType.Jsonb) : new SqlValue<TStored>(value);
        return sensitive ? new SensitiveSqlValue(parameter) : parameter;
    }

    private static Task Write<TStored>(NpgsqlBinaryImporter importer, TStored value, bool json, CancellationToken cancellationToken)
    {
        if (value is null)
            return importer.WriteNullAsync(cancellationToken);
        return json ? importer.WriteAsync(value, NpgsqlDbType.Jsonb, cancellationToken) : importer.WriteAsync(value, cancellationToken);
    }
}
