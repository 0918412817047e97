using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;

namespace Keel;

/// <summary>Stitching a one-to-many's rows to their parents by key, typed when the key is a value type.</summary>
internal sealed partial class EntityRelation
{
    private Action<IReadOnlyList<object>, IReadOnlyList<object>>? _groupInto;
    private Func<IReadOnlyList<object>, Array>? _parentKeys;

    /// <summary>
    /// The distinct, non-null keys the parents point with, as a typed array for <c>= ANY($1)</c>. A key stored as
    /// itself (<c>long</c>, <c>int</c>, <c>Guid</c>) is collected unboxed.
    /// </summary>
    public Array ParentKeys(IReadOnlyList<object> parents)
        => (_parentKeys ??= TypedKeys() ?? KeysByObject)(parents);

    private Array KeysByObject(IReadOnlyList<object> parents)
    {
        var column = SourceKey;
        var distinct = new HashSet<object>(parents.Count);
        foreach (var parent in parents)
        {
            if (SourceValue(parent) is { } key)
                distinct.Add(key);
        }

        var keys = Array.CreateInstance(Nullable.GetUnderlyingType(column.StoreType) ?? column.StoreType, distinct.Count);
        var i = 0;
        foreach (var key in distinct)
            keys.SetValue(column.ToStore(key), i++);
        return keys;
    }

    [UnconditionalSuppressMessage("Trimming", "IL2060", Justification = "The method instantiated here carries no trimming requirements on its type parameter.")]
    [UnconditionalSuppressMessage("Trimming", "IL2076", Justification = "The key type is a value type, which always has a parameterless constructor.")]
    private Func<IReadOnlyList<object>, Array>? TypedKeys()
    {
        var type = Nullable.GetUnderlyingType(SourceKey.Type) ?? SourceKey.Type;
        if ((type != typeof(long) && type != typeof(int) && type != typeof(Guid)) || (Nullable.GetUnderlyingType(SourceKey.StoreType) ?? SourceKey.StoreType) != type)
            return null;
        var method = typeof(EntityRelation).GetMethod(nameof(Keys), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!;
        return (Func<IReadOnlyList<object>, Array>)method.MakeGenericMethod(type).Invoke(this, null)!;
    }

    private Func<IReadOnlyList<object>, Array> Keys<TKey>()
        where TKey : struct
    {
        var sourceKey = KeyOf<TKey>(Source, SourceKey);
        return parents =>
        {
            var distinct = new HashSet<TKey>(parents.Count);
            foreach (var parent in parents)
            {
                if (sourceKey(parent) is { } key)
                    distinct.Add(key);
            }

            var keys = new TKey[distinct.Count];
            distinct.CopyTo(keys);
            return keys;
        };
    }

    /// <summary>
    /// Sets every parent's collection to its rows (in row order), an empty one for a parent without rows. A value-type
    /// key (<c>long</c>, <c>Guid</c>, ...) is read and grouped unboxed, so no row allocates for its parent key.
    /// </summary>
    public void GroupInto(IReadOnlyList<object> parents, IReadOnlyList<object> rows)
        => (_groupInto ??= TypedGrouping() ?? GroupByObject)(parents, rows);

    private void GroupByObject(IReadOnlyList<object> parents, IReadOnlyList<object> rows)
    {
        var groups = new Dictionary<object, IList>(parents.Count);
        foreach (var row in rows)
        {
            var key = TargetValue(row)!;
            if (!groups.TryGetValue(key, out var group))
                groups.Add(key, group = NewCollection!());
            group.Add(row);
        }

        foreach (var parent in parents)
        {
            var key = SourceValue(parent);
            Set(parent, Finish!(key is not null && groups.TryGetValue(key, out var found) ? found : NewCollection!()));
        }
    }

    [UnconditionalSuppressMessage("Trimming", "IL2060", Justification = "The grouping instantiated here carries no trimming requirements on its type parameter.")]
    [UnconditionalSuppressMessage("Trimming", "IL2076", Justification = "The key type is a value type, which always has a parameterless constructor.")]
    private Action<IReadOnlyList<object>, IReadOnlyList<object>>? TypedGrouping()
    {
        var type = Nullable.GetUnderlyingType(SourceKey.Type) ?? SourceKey.Type;
        if (!type.IsValueType || (Nullable.GetUnderlyingType(TargetKey.Type) ?? TargetKey.Type) != type)
            return null;
        var method = typeof(EntityRelation).GetMethod(nameof(Typed), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!;
        return (Action<IReadOnlyList<object>, IReadOnlyList<object>>)method.MakeGenericMethod(type).Invoke(this, null)!;
    }

    private Action<IReadOnlyList<object>, IReadOnlyList<object>> Typed<TKey>()
        where TKey : struct
    {
        var sourceKey = KeyOf<TKey>(Source, SourceKey);
        var targetKey = KeyOf<TKey>(Target, TargetKey);
        return (parents, rows) =>
        {
            var groups = new Dictionary<TKey, IList>(parents.Count);
            foreach (var row in rows)
            {
                // A row's key points at its parent, so it is never null.
                var key = targetKey(row)!.Value;
                if (!groups.TryGetValue(key, out var group))
                    groups.Add(key, group = NewCollection!());
                group.Add(row);
            }

            foreach (var parent in parents)
            {
                var key = sourceKey(parent);
                Set(parent, Finish!(key is { } k && groups.TryGetValue(k, out var found) ? found : NewCollection!()));
            }
        };
    }

    private static Func<object, TKey?> KeyOf<TKey>(IRelationMap map, EntityColumn column)
        where TKey : struct
    {
        var entity = Expression.Parameter(typeof(object), "entity");
        var value = Expression.Property(Expression.Convert(entity, map.EntityType), column.Property);
        return Expression.Lambda<Func<object, TKey?>>(Expression.Convert(value, typeof(TKey?)), entity).Compile();
    }
}
