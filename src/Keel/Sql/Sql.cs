using System.ComponentModel;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace Keel;

/// <summary>
/// A SQL statement or fragment whose values travel as parameters, never as text.
/// Write it as an interpolated string: <c>$"SELECT * FROM users WHERE id = {id}"</c> becomes
/// <c>SELECT * FROM users WHERE id = $1</c> with <c>id</c> bound as a typed parameter.
/// An <see cref="Sql"/> placed in a hole is spliced in (its parameters renumbered), so fragments compose.
/// </summary>
/// <remarks>
/// Instances are immutable once built and may be executed many times and from many threads.
/// Identifiers come in through <see cref="Identifier(string)"/>; trusted constant text through <see cref="Raw"/>.
/// </remarks>
[InterpolatedStringHandler]
public sealed class Sql
{
    // A fragment is a flat sequence of literal text and parameter values. Nested fragments are
    // flattened at append time so rendering is a single pass and numbering is global.
    private SqlPart[] _parts;
    private int _count;
    private string? _text;

    /// <summary>Called by the compiler for an interpolated string; not for direct use.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public Sql(int literalLength, int formattedCount)
    {
        _ = literalLength;
        _parts = new SqlPart[(formattedCount * 2) + 1];
    }

    private Sql(SqlPart[] parts, int count)
    {
        _parts = parts;
        _count = count;
    }

    /// <summary>The empty fragment.</summary>
    public static Sql Empty { get; } = new([], 0);

    /// <summary>Called by the compiler for the literal parts of an interpolated string.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public void AppendLiteral(string value)
    {
        EnsureMutable();
        if (value.Length > 0)
            Add(new SqlPart(value, null));
    }

    /// <summary>
    /// Called by the compiler for each hole: a value becomes a parameter, an <see cref="Sql"/> is spliced in. An array or
    /// list (also when the hole is typed as <see cref="IReadOnlyList{T}"/>) becomes one PostgreSQL array parameter.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public void AppendFormatted<T>(T value)
    {
        EnsureMutable();
        if (value is Sql fragment)
        {
            for (var i = 0; i < fragment._count; i++)
                Add(fragment._parts[i]);
            return;
        }

        // Npgsql binds arrays and List<T> as PostgreSQL arrays but not a hole typed as IReadOnlyList<T> or another
        // collection interface; binding by the value's own type makes `= ANY({ids})` work for those holes too.
        if (typeof(T).IsInterface && value is System.Collections.IList)
        {
            Add(new SqlPart(null, new SqlObjectValue(value, null)));
            return;
        }

        Add(new SqlPart(null, new SqlValue<T>(value)));
    }

    /// <summary>Format strings are refused: a value is always a parameter and never formatted into the text.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "The compiler calls handler methods on the instance.")]
    public void AppendFormatted<T>(T value, string? format)
    {
        _ = value;
        throw new ArgumentException(
            $"A format specifier (':{format}') is not allowed in Keel SQL: values are sent as parameters. " +
            "Use Sql.Identifier(...) for names or Sql.Raw(...) for trusted constant text.", nameof(format));
    }

    /// <summary>
    /// Quotes a single identifier (table, column, schema) with double quotes, doubling embedded quotes.
    /// Throws <see cref="ArgumentException"/> for empty names, names over 63 bytes, NUL or control characters.
    /// </summary>
    public static Sql Identifier(string name) => Raw(SqlIdentifiers.Quote(name));

    /// <summary>Quotes a qualified name such as <c>schema.table</c>, each part separately.</summary>
    public static Sql Identifier(string schema, string name)
        => Raw(SqlIdentifiers.Quote(schema) + "." + SqlIdentifiers.Quote(name));

    /// <summary>
    /// Trusted constant SQL text, inserted verbatim. Never pass user input here: use a hole for values
    /// and <see cref="Identifier(string)"/> for names.
    /// </summary>
    public static Sql Raw(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length == 0 ? Empty : new Sql([new SqlPart(text, null)], 1);
    }

    /// <summary>
    /// A single parameter whose type is known only at run time (Npgsql infers the PostgreSQL type from the value).
    /// For translators and repositories; application code writes holes in an interpolated string instead.
    /// </summary>
    internal static Sql Parameter(object? value) => new([new SqlPart(null, new SqlObjectValue(value, null))], 1);

    /// <summary>
    /// A statement from prepared pieces: literal text and parameter values alternating as the caller laid them out.
    /// For entity maps, which build INSERT and UPDATE statements from a fixed column list without re-parsing text.
    /// </summary>
    internal static Sql FromParts(SqlPart[] parts) => new(parts, parts.Length);

    /// <summary>
    /// A statement from prepared pieces whose <paramref name="text"/> was rendered before from the same layout (the
    /// same literals, parameters in the same places), so it is not rendered again. For statements sent often whose
    /// text never changes, only their values.
    /// </summary>
    internal static Sql Rendered(string text, SqlPart[] parts) => new(parts, parts.Length) { _text = text };

    /// <summary>A parameter sent as <c>jsonb</c> (UTF-8 JSON text or bytes).</summary>
    internal static Sql Jsonb(object json) => new([new SqlPart(null, new SqlObjectValue(json, NpgsqlTypes.NpgsqlDbType.Jsonb))], 1);

    /// <summary>Joins fragments with a separator, e.g. a list of column names or predicates.</summary>
    public static Sql Join(string separator, IEnumerable<Sql> fragments)
    {
        ArgumentNullException.ThrowIfNull(separator);
        ArgumentNullException.ThrowIfNull(fragments);
        var parts = new List<SqlPart>();
        var first = true;
        foreach (var fragment in fragments)
        {
            if (!first && separator.Length > 0)
                parts.Add(new SqlPart(separator, null));
            first = false;
            for (var i = 0; i < fragment._count; i++)
                parts.Add(fragment._parts[i]);
        }

        return new Sql([.. parts], parts.Count);
    }

    /// <summary>The statement text with <c>$1</c>, <c>$2</c>… placeholders.</summary>
    public string Text => _text ??= Render();

    /// <summary>How many parameters the statement carries.</summary>
    public int ParameterCount
    {
        get
        {
            var n = 0;
            for (var i = 0; i < _count; i++)
            {
                if (_parts[i].Value is not null)
                    n++;
            }

            return n;
        }
    }

    /// <summary>The statement text, with placeholders; parameter values are never part of it.</summary>
    public override string ToString() => Text;

    internal int PartCount => _count;

    internal ref readonly SqlPart PartAt(int index) => ref _parts[index];

    private void Add(SqlPart part)
    {
        if (_count == _parts.Length)
            Array.Resize(ref _parts, Math.Max(4, _parts.Length * 2));
        _parts[_count++] = part;
    }

    private void EnsureMutable()
    {
        if (_text is not null)
            throw new InvalidOperationException("This Sql has already been rendered and can no longer change.");
    }

    private string Render()
    {
        // Measure first, then write the text in place: every execution renders a fresh Sql, and a growing
        // StringBuilder used to cost several intermediate buffers per statement on top of the string itself.
        var length = 0;
        var index = 0;
        for (var i = 0; i < _count; i++)
        {
            var literal = _parts[i].Literal;
            length += literal is not null ? literal.Length : 1 + DigitCount(++index);
        }

        return string.Create(length, this, static (span, sql) =>
        {
            var position = 0;
            var index = 0;
            for (var i = 0; i < sql._count; i++)
            {
                var literal = sql._parts[i].Literal;
                if (literal is not null)
                {
                    literal.CopyTo(span[position..]);
                    position += literal.Length;
                }
                else
                {
                    span[position++] = '$';
                    (++index).TryFormat(span[position..], out var written, default, CultureInfo.InvariantCulture);
                    position += written;
                }
            }
        });
    }

    private static int DigitCount(int value)
    {
        var digits = 1;
        while (value >= 10)
        {
            value /= 10;
            digits++;
        }

        return digits;
    }
}
