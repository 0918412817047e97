using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Npgsql;

namespace Keel;

/// <summary>
/// Finds (or compiles once) the row reader for <typeparamref name="T"/> and the current result's column shape.
/// The last shape seen is checked first with plain comparisons, so a repeated query costs no dictionary lookup
/// and no allocation; other shapes live in a bounded dictionary.
/// </summary>
internal static class Materializer<[DynamicallyAccessedMembers(Mapped.Members)] T>
{
    /// <summary>Shapes kept per type; past this, readers are still compiled but not cached (a warning sign of dynamic SQL).</summary>
    private const int MaxCachedShapes = 256;

    private static readonly bool IsScalar = ScalarTypes.IsScalar(typeof(T));
    private static readonly ConcurrentDictionary<string, ShapeEntry> Shapes = new(StringComparer.Ordinal);
    private static ShapeEntry? _last;

    public static Func<NpgsqlDataReader, T> For(NpgsqlDataReader reader)
    {
        if (IsScalar)
            return ScalarReader<T>.Read;

        var last = Volatile.Read(ref _last);
        if (last is not null && last.Matches(reader))
            return last.Read;
        return Slow(reader);
    }

    private static Func<NpgsqlDataReader, T> Slow(NpgsqlDataReader reader)
    {
        var shape = ColumnShape.Of(reader);
        if (!Shapes.TryGetValue(shape.Key, out var entry))
        {
            entry = new ShapeEntry(shape, RowReaderCompiler.Compile<T>(shape));
            if (Shapes.Count < MaxCachedShapes)
                entry = Shapes.GetOrAdd(shape.Key, entry);
        }

        Volatile.Write(ref _last, entry);
        return entry.Read;
    }

    private sealed class ShapeEntry(ColumnShape shape, Func<NpgsqlDataReader, T> read)
    {
        public Func<NpgsqlDataReader, T> Read { get; } = read;

        public bool Matches(NpgsqlDataReader reader) => shape.Matches(reader);
    }
}
