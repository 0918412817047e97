using System.Collections;
using System.Runtime.InteropServices;

namespace Keel;

/// <summary>
/// One load of a one-to-many under its parents: the parents' distinct keys for <c>= ANY($1)</c>, then each row put
/// into its parent's collection as it is read (no list of all the rows), then every parent's navigation set.
/// </summary>
internal abstract class ChildGroups
{
    /// <summary>How many distinct, non-null keys the parents have; zero means there is nothing to read.</summary>
    public abstract int Count { get; }

    /// <summary>The distinct parent keys as typed arrays of the key columns' stored types, one per key column.</summary>
    public abstract Array[] Keys();

    /// <summary>Puts a row (a target entity) into the collection of the parent its foreign key points at.</summary>
    public abstract void Add(object row);

    /// <summary>Sets every parent's navigation: its rows in row order, or an empty collection.</summary>
    public abstract void Complete();
}

/// <summary><see cref="ChildGroups"/> over keys of type <typeparamref name="TKey"/>, read and compared unboxed.</summary>
internal sealed class ChildGroups<TKey> : ChildGroups
    where TKey : struct, IEquatable<TKey>
{
    private readonly EntityRelation _relation;
    private readonly Func<object, TKey?> _childKey;
    private readonly Func<TKey, object>? _toStore;
    private readonly IReadOnlyList<object> _parents;
    private readonly Dictionary<TKey, int> _slots;

    // Per parent: the slot of its key, or -1 when its key is null.
    private readonly int[] _slotOf;

    // Per slot: the first parent with that key, and the collection its rows go into (null until the first row).
    private readonly object[] _owners;
    private readonly IList?[] _lists;

    /// <summary>Gives each distinct parent key a slot; <paramref name="toStore"/> boxes a key for its stored value, null when it is stored as itself.</summary>
    public ChildGroups(EntityRelation relation, IReadOnlyList<object> parents, Func<object, TKey?> parentKey, Func<object, TKey?> childKey, Func<TKey, object>? toStore)
    {
        _relation = relation;
        _childKey = childKey;
        _toStore = toStore;
        _parents = parents;
        _slots = new Dictionary<TKey, int>(parents.Count);
        _slotOf = new int[parents.Count];
        _owners = new object[parents.Count];
        for (var i = 0; i < parents.Count; i++)
        {
            var parent = parents[i];
            if (parentKey(parent) is not { } key)
            {
                _slotOf[i] = -1;
                continue;
            }

            ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_slots, key, out var exists);
            if (!exists)
            {
                slot = _slots.Count - 1;
                _owners[slot] = parent;
            }

            _slotOf[i] = slot;
        }

        _lists = new IList?[_slots.Count];
    }

    public override int Count => _slots.Count;

    public override Array[] Keys()
    {
        var keys = new TKey[_slots.Count];
        _slots.Keys.CopyTo(keys, 0);
        if (_toStore is null)
            return [keys];
        var boxed = new object[keys.Length];
        for (var i = 0; i < keys.Length; i++)
            boxed[i] = _toStore(keys[i]);
        return _relation.StoredKeys(boxed);
    }

    public override void Add(object row)
    {
        // A row was read because its key is one of the parents' keys, so it is never null and always has a slot.
        var slot = _slots[_childKey(row)!.Value];
        var list = _lists[slot] ??= Claim(_owners[slot]);
        list.Add(row);
    }

    public override void Complete()
    {
        var relation = _relation;
        for (var i = 0; i < _parents.Count; i++)
        {
            var parent = _parents[i];
            var slot = _slotOf[i];
            var list = slot < 0 ? null : _lists[slot];
            var current = relation.Get(parent);
            if (list is null)
            {
                // No rows: the empty list the constructor made is already the answer.
                if (!IsFreshList(current))
                    relation.Set(parent, relation.Finish!(relation.NewCollection!()));
                continue;
            }

            var value = relation.Finish!(list);
            if (!ReferenceEquals(value, current))
                relation.Set(parent, value);
        }
    }

    /// <summary>
    /// The parent's own empty list when its constructor made one of the right type (<c>Items { get; set; } = []</c>),
    /// so loading it allocates no second list; else a new one. A list shared with a parent that has already taken
    /// rows is not empty, so it is never taken twice.
    /// </summary>
    private IList Claim(object parent)
        => _relation.Get(parent) is IList current && IsFreshList(current) ? current : _relation.NewCollection!();

    private bool IsFreshList(object? value)
        => value is IList list && value.GetType() == _relation.ListType && list.Count == 0;
}
