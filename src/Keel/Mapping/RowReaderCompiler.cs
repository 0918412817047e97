using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.ExceptionServices;
using Npgsql;

namespace Keel;

/// <summary>
/// Builds row readers as expression trees, compiled once per type and column shape: a constructor call
/// for records (parameters matched to columns by name) and member assignments for settable properties.
/// No per-row reflection, no IL emit, no runtime code generation.
/// </summary>
internal static class RowReaderCompiler
{
    private static readonly MethodInfo IsDbNull = typeof(NpgsqlDataReader).GetMethod(nameof(NpgsqlDataReader.IsDBNull), [typeof(int)])!;
    private static readonly MethodInfo GetFieldValue = typeof(NpgsqlDataReader).GetMethod(nameof(NpgsqlDataReader.GetFieldValue), [typeof(int)])!;
    private static readonly MethodInfo GetString = typeof(NpgsqlDataReader).GetMethod(nameof(NpgsqlDataReader.GetString), [typeof(int)])!;
    private static readonly MethodInfo ParseEnum = typeof(RowReaderCompiler).GetMethod(nameof(ParseEnumValue), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo NullInto = typeof(RowReaderCompiler).GetMethod(nameof(NullIntoNonNullable), BindingFlags.NonPublic | BindingFlags.Static)!;

    public static Func<NpgsqlDataReader, T> CompileScalar<T>(Type underlying, Type fieldType)
    {
        var reader = Expression.Parameter(typeof(NpgsqlDataReader), "reader");
        var body = ReadColumn(reader, 0, typeof(T), underlying, fieldType, "scalar", nullAllowed: true, unguarded: null);
        return Expression.Lambda<Func<NpgsqlDataReader, T>>(body, reader).Compile();
    }

    /// <summary>
    /// Compiles a reader for <paramref name="shape"/>; <paramref name="columnReader"/> may supply the expression for a
    /// column the default conversions cannot read (an entity's jsonb object), returning null for the rest. Column i
    /// is read at ordinal <paramref name="offset"/> + i, so an entity can be read from the middle of a joined row.
    /// </summary>
    public static Func<NpgsqlDataReader, T> Compile<[DynamicallyAccessedMembers(Mapped.Members)] T>(ColumnShape shape, Func<ParameterExpression, int, Expression?>? columnReader = null, int offset = 0)
    {
        var type = typeof(T);
        var reader = Expression.Parameter(typeof(NpgsqlDataReader), "reader");
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < shape.Count; i++)
            columns.TryAdd(NameConvention.MatchKey(shape.Names[i]), i);

        // Value tuples map by position (their element names are not visible at run time); everything else by name.
        var positional = IsValueTuple(type);
        var constructor = positional ? TupleConstructor(type, shape) : ChooseConstructor(type, columns, shape);
        var used = new HashSet<int>();
        var unguarded = new List<(int Ordinal, string Message)>();
        var arguments = new List<Expression>();
        foreach (var parameter in constructor?.GetParameters() ?? [])
        {
            var index = positional ? parameter.Position : columns[NameConvention.MatchKey(parameter.Name!)];
            used.Add(index);
            arguments.Add(columnReader?.Invoke(reader, index) ?? Member(reader, index, offset, parameter.ParameterType, shape, $"{type.Name}({parameter.Name})", unguarded));
        }

        Expression creation = constructor is null ? Expression.New(type) : Expression.New(constructor, arguments);
        var bindings = new List<MemberBinding>();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.SetMethod is not { IsPublic: true } || property.GetIndexParameters().Length > 0)
                continue;
            if (!columns.TryGetValue(NameConvention.MatchKey(property.Name), out var index) || !used.Add(index))
                continue;
            bindings.Add(Expression.Bind(property, columnReader?.Invoke(reader, index) ?? Member(reader, index, offset, property.PropertyType, shape, $"{type.Name}.{property.Name}", unguarded)));
        }

        Expression body = bindings.Count == 0 ? creation : Expression.MemberInit((NewExpression)creation, bindings);
        if (unguarded.Count > 0)
        {
            // Non-nullable members read their column without asking IsDBNull first (a second seek per column); a NULL
            // makes Npgsql throw, and only then is the row searched for the column to name.
            var error = Expression.Parameter(typeof(InvalidCastException), "error");
            var found = Expression.Call(
                new Func<NpgsqlDataReader, InvalidCastException, int[], string[], T>(FindNullColumn<T>).Method, reader, error,
                Expression.Constant(unguarded.Select(u => u.Ordinal).ToArray()), Expression.Constant(unguarded.Select(u => u.Message).ToArray()));
            body = Expression.TryCatch(body, Expression.Catch(error, found));
        }

        return Expression.Lambda<Func<NpgsqlDataReader, T>>(body, reader).Compile();
    }

    private static bool IsValueTuple(Type type)
        => type.IsValueType && type.IsGenericType && type.FullName!.StartsWith("System.ValueTuple`", StringComparison.Ordinal);

    private static ConstructorInfo TupleConstructor([DynamicallyAccessedMembers(Mapped.Members)] Type type, ColumnShape shape)
    {
        var constructor = type.GetConstructors(BindingFlags.Public | BindingFlags.Instance).Single(c => c.GetParameters().Length > 0);
        var arity = constructor.GetParameters().Length;
        if (arity > 7)
            throw new KeelException($"Tuples of more than 7 elements are not mapped; use a record for {arity} columns.");
        if (shape.Count != arity)
            throw new KeelException($"A tuple of {arity} elements needs exactly {arity} columns; the result has {shape.Count} ({string.Join(", ", shape.Names)}).");
        return constructor;
    }

    private static ConstructorInfo? ChooseConstructor([DynamicallyAccessedMembers(Mapped.Members)] Type type, Dictionary<string, int> columns, ColumnShape shape)
    {
        var constructors = type.GetConstructors(BindingFlags.Public | BindingFlags.Instance);
        ConstructorInfo? best = null;
        foreach (var candidate in constructors)
        {
            var parameters = candidate.GetParameters();
            if (parameters.Length == 0)
            {
                best ??= candidate;
                continue;
            }

            var allMatch = true;
            foreach (var parameter in parameters)
            {
                if (parameter.Name is null || !columns.ContainsKey(NameConvention.MatchKey(parameter.Name)))
                {
                    allMatch = false;
                    break;
                }
            }

            if (allMatch && (best is null || parameters.Length > best.GetParameters().Length))
                best = candidate;
        }

        if (best is not null)
            return best.GetParameters().Length == 0 ? null : best;
        if (type.IsValueType)
            return null;

        throw new KeelException(
            $"Cannot materialize {type.Name}: it has no public parameterless constructor and no public constructor " +
            $"whose parameters all match the result columns ({string.Join(", ", shape.Names)}). " +
            "Select a column for every constructor parameter (names match snake_case-insensitively).");
    }

    private static Expression Member(ParameterExpression reader, int index, int offset, Type memberType, ColumnShape shape, string target, List<(int, string)> unguarded)
    {
        var underlying = Nullable.GetUnderlyingType(memberType);
        var nullAllowed = !memberType.IsValueType || underlying is not null;
        return ReadColumn(reader, offset + index, memberType, underlying ?? memberType, shape.Types[index], $"{target} <- column \"{shape.Names[index]}\"", nullAllowed, unguarded);
    }

    /// <summary>
    /// The read of one column. A member that cannot hold NULL is read directly when <paramref name="unguarded"/> is given,
    /// which collects its ordinal and the message for a NULL; otherwise IsDBNull guards the read.
    /// </summary>
    [UnconditionalSuppressMessage("Trimming", "IL2060", Justification = "The generic methods instantiated here carry no trimming requirements on their type parameters.")]
    private static Expression ReadColumn(ParameterExpression reader, int index, Type memberType, Type valueType, Type fieldType, string target, bool nullAllowed, List<(int, string)>? unguarded)
    {
        var i = Expression.Constant(index);
        Expression value;
        if (valueType.IsEnum && fieldType == typeof(string))
        {
            value = Expression.Call(ParseEnum.MakeGenericMethod(valueType), Expression.Call(reader, GetString, i), Expression.Constant(target));
        }
        else if (valueType.IsEnum)
        {
            var stored = fieldType == typeof(short) || fieldType == typeof(int) || fieldType == typeof(long) ? fieldType : Enum.GetUnderlyingType(valueType);
            value = Expression.Convert(Expression.Call(reader, GetFieldValue.MakeGenericMethod(stored), i), valueType);
        }
        else
        {
            value = Expression.Call(reader, GetFieldValue.MakeGenericMethod(valueType), i);
        }

        if (value.Type != memberType)
            value = Expression.Convert(value, memberType);
        if (!nullAllowed && unguarded is not null)
        {
            unguarded.Add((index, NullMessage(memberType, target)));
            return value;
        }

        Expression whenNull = nullAllowed
            ? Expression.Default(memberType)
            : Expression.Call(NullInto.MakeGenericMethod(memberType), Expression.Constant(target));
        return Expression.Condition(Expression.Call(reader, IsDbNull, i), whenNull, value);
    }

    private static TEnum ParseEnumValue<TEnum>(string text, string target) where TEnum : struct, Enum
        => Enum.TryParse<TEnum>(text, ignoreCase: true, out var parsed)
            ? parsed
            : throw new KeelException($"Cannot map '{text}' to {typeof(TEnum).Name} for {target}: no such enum member.");

    private static TMember NullIntoNonNullable<TMember>(string target)
        => throw new KeelException(NullMessage(typeof(TMember), target));

    private static string NullMessage(Type member, string target)
        => $"NULL cannot be stored in non-nullable {member.Name} ({target}). Make the member nullable or COALESCE the column.";

    /// <summary>After a read failed with <paramref name="error"/>: the clear error for the first NULL among the unguarded columns, else the original.</summary>
    private static T FindNullColumn<T>(NpgsqlDataReader reader, InvalidCastException error, int[] ordinals, string[] messages)
    {
        for (var i = 0; i < ordinals.Length; i++)
        {
            if (reader.IsDBNull(ordinals[i]))
                throw new KeelException(messages[i], error);
        }

        ExceptionDispatchInfo.Throw(error);
        return default!;
    }
}
