using Npgsql;

namespace Keel;

/// <summary>Reads the first column as <typeparamref name="T"/>; NULL becomes <c>default</c>.</summary>
internal static class ScalarReader<T>
{
    public static readonly Func<NpgsqlDataReader, T> Read = Create();

    private static Func<NpgsqlDataReader, T> Create()
    {
        var underlying = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        if (underlying.IsEnum)
        {
            // An enum may be stored as text or as an integer; the column decides, so both readers are compiled.
            var fromText = RowReaderCompiler.CompileScalar<T>(underlying, typeof(string));
            var fromNumber = RowReaderCompiler.CompileScalar<T>(underlying, typeof(object));
            return r => r.GetFieldType(0) == typeof(string) ? fromText(r) : fromNumber(r);
        }

        if (underlying == typeof(T))
            return static r => r.IsDBNull(0) ? default! : r.GetFieldValue<T>(0);
        return RowReaderCompiler.CompileScalar<T>(underlying, typeof(object));
    }
}
