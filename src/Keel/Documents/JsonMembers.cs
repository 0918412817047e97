using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Keel;

/// <summary>
/// Maps .NET members to the JSON the configured serializer writes: property names after naming policies and
/// <c>[JsonPropertyName]</c>, and how enums come out (text or number).
/// </summary>
internal sealed class JsonMembers(JsonSerializerOptions options)
{
    public JsonSerializerOptions Options { get; } = options;

    /// <summary>The JSON property names along the path: <c>x.Address.City</c> → ["address", "city"].</summary>
    public string[] Names(MemberPath path)
    {
        var names = new string[path.Members.Count];
        var type = path.Members[0].DeclaringType!;
        for (var i = 0; i < names.Length; i++)
        {
            var member = path.Members[i];
            names[i] = NameOf(type, member) ?? throw new NotSupportedException(
                $"Member '{path}' is not written by the JSON serializer ({member.Name} is ignored or not public), so Keel cannot query it.");
            type = member is PropertyInfo p ? p.PropertyType : ((FieldInfo)member).FieldType;
        }

        return names;
    }

    public JsonMemberKind KindOf(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t.IsEnum)
            return EnumIsText(t) ? JsonMemberKind.Text : JsonMemberKind.BigInt;
        if (t == typeof(string) || t == typeof(char))
            return JsonMemberKind.Text;
        if (t == typeof(int) || t == typeof(short) || t == typeof(byte) || t == typeof(sbyte) || t == typeof(ushort))
            return JsonMemberKind.Integer;
        if (t == typeof(long) || t == typeof(uint))
            return JsonMemberKind.BigInt;
        if (t == typeof(decimal) || t == typeof(double) || t == typeof(float) || t == typeof(ulong))
            return JsonMemberKind.Numeric;
        if (t == typeof(bool))
            return JsonMemberKind.Boolean;
        if (t == typeof(DateTime) || t == typeof(DateTimeOffset))
            return JsonMemberKind.Timestamp;
        if (t == typeof(DateOnly))
            return JsonMemberKind.Date;
        if (t == typeof(Guid))
            return JsonMemberKind.Uuid;
        return JsonMemberKind.Document;
    }

    /// <summary>A value as the stored JSON holds it, ready to compare with the member's SQL: enums as written, Guids as text, times in UTC.</summary>
    public object? ToParameter(Type memberType, object? value)
    {
        if (value is null)
            return null;
        var t = Nullable.GetUnderlyingType(memberType) ?? memberType;
        if (t.IsEnum)
        {
            var element = JsonSerializer.SerializeToElement(value, Options.GetTypeInfo(t));
            return element.ValueKind == JsonValueKind.String ? element.GetString() : element.GetInt64();
        }

        return value switch
        {
            Guid g => g.ToString("D"),
            char c => c.ToString(),
            DateTime { Kind: DateTimeKind.Utc } d => d,
            DateTime { Kind: DateTimeKind.Local } d => d.ToUniversalTime(),
            DateTime d => DateTime.SpecifyKind(d, DateTimeKind.Utc),
            DateTimeOffset o => o.ToUniversalTime(),
            byte or sbyte or short or ushort => Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture),
            uint => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture),
            ulong or float => Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture),
            _ => value,
        };
    }

    private bool EnumIsText(Type enumType)
    {
        var first = Enum.ToObject(enumType, 0);
        return JsonSerializer.SerializeToElement(first, Options.GetTypeInfo(enumType)).ValueKind == JsonValueKind.String;
    }

    private string? NameOf(Type declaringType, MemberInfo member)
    {
        var info = Options.GetTypeInfo(declaringType);
        foreach (var property in info.Properties)
        {
            if (property.AttributeProvider is MemberInfo candidate && candidate.Name == member.Name && property.Get is not null)
                return property.Name;
        }

        return null;
    }

    /// <summary>Options ready for use: a resolver set and frozen, as JsonTypeInfo lookups require.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "The reflection resolver is the fallback when the caller registers no JsonSerializerContext; docs/documents.md tells trimmed and AOT apps to register one.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "As above.")]
    public static JsonSerializerOptions Prepare(JsonSerializerOptions? options)
    {
        var prepared = options ?? new JsonSerializerOptions(JsonSerializerDefaults.Web);
        if (!prepared.IsReadOnly)
        {
            prepared.TypeInfoResolver ??= new DefaultJsonTypeInfoResolver();
            prepared.MakeReadOnly();
        }

        return prepared;
    }
}
