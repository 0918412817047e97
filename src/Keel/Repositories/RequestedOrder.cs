namespace Keel;

/// <summary>Puts rows fetched by <c>key = ANY($1)</c> back in the order the keys were asked for (shared by entity and document repositories).</summary>
internal static class RequestedOrder
{
    /// <summary>One item per requested key that was found, in request order; a repeated key repeats its item.</summary>
    public static IReadOnlyList<T> Arrange<TKey, T>(TKey[] requested, Dictionary<TKey, T> byKey)
        where TKey : notnull
    {
        var ordered = new List<T>(requested.Length);
        foreach (var key in requested)
        {
            if (byKey.TryGetValue(key, out var item))
                ordered.Add(item);
        }

        return ordered;
    }
}
