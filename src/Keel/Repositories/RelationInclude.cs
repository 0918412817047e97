using System.Collections;
using System.Runtime.CompilerServices;

namespace Keel;

/// <summary>
/// One include of a query: a relation, how it loads, what it keeps, and the includes below it. A split include sends
/// one batched statement for all its parents (<see cref="Statement"/>) and stitches the rows back by key; a joined
/// include was read with its parents and only hands its entities on to the includes below it. Immutable.
/// </summary>
internal sealed partial class RelationInclude(EntityRelation relation, IncludeStrategy strategy, RelationFilter filter, RelationInclude[] children)
    : IEntityInclude<object>
{
    // The joins under this level depend on the node alone, which is immutable: planned on first use, then reused.
    private JoinPlan? _plan;

    // Unfiltered leaves, one per relation and strategy: their SQL depends on the node alone, so identical include
    // chains built per call share nodes, and with them the plan planned once.
    private static readonly ConditionalWeakTable<EntityRelation, RelationInclude[]> Leaves = [];

    // The last few copies made by With, so rebuilding the same chain returns the same (already planned) node.
    private const int DerivedLimit = 4;
    private Derived[] _derived = [];

    /// <summary>The alias of the target table in a split include's statement; filters are translated against it.</summary>
    public const string TargetAlias = "t";

    public EntityRelation Relation { get; } = relation;

    public IncludeStrategy Strategy { get; } = strategy;

    public RelationFilter Filter { get; } = filter;

    public RelationInclude[] Children { get; } = children;

    // Set on nodes reachable from the shared cache, whose copies are remembered in _derived.
    private bool _shared;

    /// <summary>A copy with <paramref name="child"/> added under the node that <paramref name="path"/> leads to (empty: this node).</summary>
    public RelationInclude With(ReadOnlySpan<int> path, RelationInclude child)
    {
        var index = path.IsEmpty ? -1 : path[0];
        var replacement = path.IsEmpty ? child : Children[index].With(path[1..], child);
        var derived = Volatile.Read(ref _derived);
        foreach (var known in derived)
        {
            if (known.Index == index && ReferenceEquals(known.Child, replacement))
                return known.Result;
        }

        RelationInclude[] children;
        if (path.IsEmpty)
        {
            children = [.. Children, child];
        }
        else
        {
            children = (RelationInclude[])Children.Clone();
            children[index] = replacement;
        }

        var result = new RelationInclude(Relation, Strategy, Filter, children);
        // Only shared (cached) nodes are worth remembering from; a racing writer may drop an entry, which only costs a rebuild.
        if (replacement._shared && _shared)
        {
            result._shared = true;
            Volatile.Write(ref _derived, [new Derived(index, replacement, result), .. derived.AsSpan(0, Math.Min(derived.Length, DerivedLimit - 1))]);
        }

        return result;
    }

    /// <summary>The shared, childless, unfiltered include of <paramref name="relation"/> with <paramref name="strategy"/>.</summary>
    public static RelationInclude Unfiltered(EntityRelation relation, IncludeStrategy strategy)
    {
        if (strategy is not (IncludeStrategy.Split or IncludeStrategy.Join))
            return new RelationInclude(relation, strategy, RelationFilter.None, []);
        var nodes = Leaves.GetValue(relation, static r => [New(r, IncludeStrategy.Split), New(r, IncludeStrategy.Join)]);
        return nodes[strategy == IncludeStrategy.Join ? 1 : 0];

        static RelationInclude New(EntityRelation relation, IncludeStrategy strategy)
            => new(relation, strategy, RelationFilter.None, []) { _shared = true };
    }

    public async Task LoadAsync(SqlExecutor executor, IReadOnlyList<object> entities, string? tenant, CancellationToken cancellationToken)
    {
        // A joined include was read with its parents; without includes below it there is nothing left to do.
        if (Strategy == IncludeStrategy.Join && Children.Length == 0)
            return;
        // A subtype's navigation applies to that subtype's entities only.
        entities = Relation.ApplicableParents(entities);
        var targets = Strategy == IncludeStrategy.Join
            ? Joined(entities)
            : await LoadSplitAsync(executor, entities, tenant, cancellationToken).ConfigureAwait(false);
        if (targets.Count == 0)
            return;
        foreach (var child in Children)
            await child.LoadAsync(executor, targets, tenant, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The entities a joined read put into the navigation, each once.</summary>
    private List<object> Joined(IReadOnlyList<object> entities)
    {
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var targets = new List<object>();
        foreach (var entity in entities)
        {
            if (Relation.Get(entity) is { } target && seen.Add(target))
                targets.Add(target);
        }

        return targets;
    }

    private async Task<IReadOnlyList<object>> LoadSplitAsync(SqlExecutor executor, IReadOnlyList<object> parents, string? tenant, CancellationToken cancellationToken)
    {
        var keys = Relation.ParentKeys(parents);
        if (keys.Length == 0)
        {
            Stitch(parents, [], null);
            return [];
        }

        var plan = Plan;
        var sql = Statement(keys, tenant, plan);
        if (Relation.Kind != RelationKind.ManyToMany)
        {
            var targets = await executor.QueryRowsAsync(sql, default, plan.Choose, cancellationToken).ConfigureAwait(false);
            return Stitch(parents, targets, null);
        }

        // A many-to-many row starts with the parent's key, read in row order beside the target.
        var parentKeys = new List<object>();
        var rows = await executor.QueryRowsAsync<object>(sql, default, _ => reader =>
        {
            parentKeys.Add(reader.GetValue(0));
            return plan.Read(reader);
        }, cancellationToken).ConfigureAwait(false);
        return Stitch(parents, rows, parentKeys);
    }

    /// <summary>
    /// Sets every parent's navigation from the rows read; returns the targets, each once, for the includes below.
    /// <paramref name="parentKeys"/> holds each row's parent key for a many-to-many (else the target's own key is used).
    /// </summary>
    private IReadOnlyList<object> Stitch(IReadOnlyList<object> parents, IReadOnlyList<object> rows, List<object>? parentKeys)
    {
        var relation = Relation;
        if (relation.IsToOne)
        {
            var byKey = new Dictionary<object, object>(rows.Count);
            foreach (var target in rows)
                byKey.TryAdd(relation.TargetValue(target)!, target);
            foreach (var parent in parents)
                relation.Set(parent, relation.SourceValue(parent) is { } key ? byKey.GetValueOrDefault(key) : null);
            return [.. byKey.Values];
        }

        if (parentKeys is null)
        {
            // Every row is its own target: stitched by its key to the parent.
            relation.GroupInto(parents, rows);
            return rows;
        }

        var groups = new Dictionary<object, IList>(parents.Count);
        // A many-to-many repeats a target under many parents; only the first of each is kept.
        var distinct = new Dictionary<object, object>();
        var targets = new List<object>(rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            // The same tag under many products is one object, read once.
            var targetKey = relation.TargetValue(row)!;
            if (!distinct.TryAdd(targetKey, row))
                row = distinct[targetKey];
            else
                targets.Add(row);
            var key = parentKeys[i];
            if (!groups.TryGetValue(key, out var group))
                groups.Add(key, group = relation.NewCollection!());
            group.Add(row);
        }

        foreach (var parent in parents)
        {
            var key = relation.SourceValue(parent);
            var group = key is not null && groups.TryGetValue(key, out var found) ? found : relation.NewCollection!();
            relation.Set(parent, relation.Finish!(group));
        }

        return targets;
    }

    private sealed record Derived(int Index, RelationInclude Child, RelationInclude Result);
}
