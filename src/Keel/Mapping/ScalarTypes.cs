namespace Keel;

/// <summary>Types read straight from the first column rather than mapped member by member.</summary>
internal static class ScalarTypes
{
    public static bool IsScalar(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(Guid)
            || t == typeof(DateTime) || t == typeof(DateTimeOffset) || t == typeof(DateOnly) || t == typeof(TimeOnly)
            || t == typeof(TimeSpan) || t == typeof(byte[]) || t.IsArray || t == typeof(System.Numerics.BigInteger)
            || t == typeof(System.Text.Json.JsonDocument) || t == typeof(System.Text.Json.JsonElement)
            || t == typeof(object);
    }
}
