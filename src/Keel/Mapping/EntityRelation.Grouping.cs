using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;

namespace Keel;

/// <summary>Collecting the parents' keys and stitching a one-to-many's rows to their parents, typed when the key is a value type.</summary>
internal sealed partial class EntityRelation
{
    private Func<IReadOnlyList<object>, ChildGroups>? _groups;
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
        var type = Nullable.GetUnderlyingType(SourceKey.Type) ?? SourceKey.Type;
        if (!type.IsValueType || !typeof(IEquatable<>).MakeGenericType(type).IsAssignableFrom(type) || (Nullable.GetUnderlyingType(TargetKey.Type) ?? TargetKey.Type) != type)
            return null;
        var method = typeof(EntityRelation).GetMethod(nameof(Typed), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!;
        return (Func<IReadOnlyList<object>, ChildGroups>)method.MakeGenericMethod(type).Invoke(this, null)!;
    }

    private Func<IReadOnlyList<object>, ChildGroups> Typed<TKey>()
        where TKey : struct, IEquatable<TKey>
    {
        var sourceKey = KeyOf<TKey>(Source, SourceKey);
        var targetKey = KeyOf<TKey>(Target, TargetKey);
        // A key stored as itself goes into the statement's array as is; any other is converted like every parameter.
        Func<TKey, object>? toStore = (Nullable.GetUnderlyingType(SourceKey.StoreType) ?? SourceKey.StoreType) == typeof(TKey) ? null : static k => k;
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
