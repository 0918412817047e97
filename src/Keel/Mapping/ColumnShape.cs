using System.Text;
using Npgsql;

namespace Keel;

/// <summary>The names and .NET types of a result's columns: what a compiled row reader depends on.</summary>
internal sealed class ColumnShape
{
    private ColumnShape(string[] names, Type[] types, string key)
    {
        Names = names;
        Types = types;
        Key = key;
    }

    public string[] Names { get; }

    public Type[] Types { get; }

    public string Key { get; }

    public int Count => Names.Length;

    /// <summary>A shape known before any result arrives: an entity map's select list, named by property.</summary>
    public static ColumnShape Of(string[] names, Type[] types) => new(names, types, string.Join('|', names));

    public static ColumnShape Of(NpgsqlDataReader reader)
    {
        var count = reader.FieldCount;
        var names = new string[count];
        var types = new Type[count];
        var key = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            names[i] = reader.GetName(i);
            types[i] = reader.GetFieldType(i);
            key.Append(names[i]).Append(':').Append(types[i].FullName).Append('|');
        }

        return new ColumnShape(names, types, key.ToString());
    }

    public bool Matches(NpgsqlDataReader reader)
    {
        var names = Names;
        if (reader.FieldCount != names.Length)
            return false;
        for (var i = 0; i < names.Length; i++)
        {
            if (!string.Equals(reader.GetName(i), names[i], StringComparison.Ordinal) || reader.GetFieldType(i) != Types[i])
                return false;
        }

        return true;
    }
}
