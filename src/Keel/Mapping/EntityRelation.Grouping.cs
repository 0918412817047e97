using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;
using System.Runtime.CompilerServices;

namespace Keel;

/// <summary>Collecting the parents' keys and stitching a one-to-many's rows to their parents, typed when the key is a value type.</summary>
internal sealed partial class EntityRelation
{
    private Func<IReadOnlyList<object>, ChildGroups>? _groups;
    private Func<IReadOnlyList<object>, Array[]>? _parentKeys;

    /// <summary>
    /// The distinct, non-null keys the parents point with, as one typed array per key column for <c>= ANY($1)</c>
    /// (or <c>unnest($1, $2)</c> for a composite key). A key stored as itself (<c>long</c>, <c>int</c>, <c>Guid</c>) is
    /// collected unboxed.
    /// </summary>
    public Array[] ParentKeys(IReadOnlyList<object> parents)
        => (_parentKeys ??= TypedKeys() ?? KeysByObject)(parents);

    /// <summary>One typed array per key column from distinct keys as <see cref="SourceValue"/> reads them (a value, or a tuple of values).</summary>
    public Array[] StoredKeys(IReadOnlyCollection<object> keys)
    {
        var arrays = new Array[SourceKeys.Count];
        for (var c = 0; c < arrays.Length; c++)
            arrays[c] = Array.CreateInstance(Nullable.GetUnderlyingType(SourceKeys[c].StoreType) ?? SourceKeys[c].StoreType, keys.Count);
        var i = 0;
        foreach (var key in keys)
        {
            if (arrays.Length == 1)
            {
                arrays[0].SetValue(SourceKeys[0].ToStore(key), i++);
                continue;
            }

            var parts = (ITuple)key;
            for (var c = 0; c < arrays.Length; c++)
                arrays[c].SetValue(SourceKeys[c].ToStore(parts[c]), i);
            i++;
        }

        return arrays;
    }

    private Array[] KeysByObject(IReadOnlyList<object> parents)
    {
        var distinct = new HashSet<object>(parents.Count);
        foreach (var parent in parents)
        {
            if (SourceValue(parent) is { } key)
                distinct.Add(key);
        }

        return StoredKeys(distinct);
    }

    [UnconditionalSuppressMessage("Trimming", "IL2060", Justification = "The method instantiated here carries no trimming requirements on its type parameter.")]
    [UnconditionalSuppressMessage("Trimming", "IL2076", Justification = "The key type is a value type, which always has a parameterless constructor.")]
    private Func<IReadOnlyList<object>, Array[]>? TypedKeys()
    {
        if (IsComposite)
            return null;
        var type = Nullable.GetUnderlyingType(SourceKeys[0].Type) ?? SourceKeys[0].Type;
        if ((type != typeof(long) && type != typeof(int) && type != typeof(Guid)) || (Nullable.GetUnderlyingType(SourceKeys[0].StoreType) ?? SourceKeys[0].StoreType) != type)
            return null;
        var method = typeof(EntityRelation).GetMethod(nameof(Keys), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!;
        return (Func<IReadOnlyList<object>, Array[]>)method.MakeGenericMethod(type).Invoke(this, null)!;
    }

    private Func<IReadOnlyList<object>, Array[]> Keys<TKey>()
        where TKey : struct
    {
        var sourceKey = KeyOf<TKey>(Source, SourceKeys[0]);
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
            return [keys];
        };
    }

    /// <summary>
    /// A one-to-many load under <paramref name="parents"/>, its rows put into their parents' collections as they are
    /// read. A value-type key (<c>long</c>, <c>Guid</c>, ...) is read and grouped unboxed, so no row allocates for its
    /// parent key.
    /// </summary>
    public ChildGroups GroupsFor(IReadOnlyList<object> parents)
        => (_groups ??= TypedGroups() ?? BoxedGroups)(parents);

    private ChildGroups<BoxedKey> BoxedGroups(IReadOnlyList<object> parents)
        => new(this, parents, p => SourceValue(p) is { } key ? new BoxedKey(key) : null, c => new BoxedKey(TargetValue(c)!), static k => k.Value);

    [UnconditionalSuppressMessage("Trimming", "IL2060", Justification = "The grouping instantiated here carries no trimming requirements on its type parameter.")]
    [UnconditionalSuppressMessage("Trimming", "IL2076", Justification = "The key type is a value type, which always has a parameterless constructor.")]
    private Func<IReadOnlyList<object>, ChildGroups>? TypedGroups()
    {
        if (IsComposite)
            return null;
        var type = Nullable.GetUnderlyingType(SourceKeys[0].Type) ?? SourceKeys[0].Type;
        if (!type.IsValueType || !typeof(IEquatable<>).MakeGenericType(type).IsAssignableFrom(type) || (Nullable.GetUnderlyingType(TargetKeys[0].Type) ?? TargetKeys[0].Type) != type)
            return null;
        var method = typeof(EntityRelation).GetMethod(nameof(Typed), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!;
        return (Func<IReadOnlyList<object>, ChildGroups>)method.MakeGenericMethod(type).Invoke(this, null)!;
    }

    private Func<IReadOnlyList<object>, ChildGroups> Typed<TKey>()
        where TKey : struct, IEquatable<TKey>
    {
        var sourceKey = KeyOf<TKey>(Source, SourceKeys[0]);
        var targetKey = KeyOf<TKey>(Target, TargetKeys[0]);
        // A key stored as itself goes into the statement's array as is; any other is converted like every parameter.
        Func<TKey, object>? toStore = (Nullable.GetUnderlyingType(SourceKeys[0].StoreType) ?? SourceKeys[0].StoreType) == typeof(TKey) ? null : static k => k;
        return parents => new ChildGroups<TKey>(this, parents, sourceKey, targetKey, toStore);
    }

    private static Func<object, TKey?> KeyOf<TKey>(IRelationMap map, EntityColumn column)
        where TKey : struct
    {
        var entity = Expression.Parameter(typeof(object), "entity");
        var value = Expression.Property(Expression.Convert(entity, map.EntityType), column.Property);
        return Expression.Lambda<Func<object, TKey?>>(Expression.Convert(value, typeof(TKey?)), entity).Compile();
    }

    /// <summary>A key of any type, compared with its own <see cref="object.Equals(object)"/>.</summary>
    internal readonly record struct BoxedKey(object Value);
}
