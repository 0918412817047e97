namespace Keel;

/// <summary>
/// What a filtered include keeps and in which order: predicates over the target (qualified by the alias
/// <see cref="RelationInclude.TargetAlias"/>), an ordering (default: the target's key) and a limit per parent.
/// </summary>
internal sealed record RelationFilter(Sql[] Predicates, (EntityColumn Column, bool Descending)[] Order, int? Take)
{
    public static RelationFilter None { get; } = new([], [], null);

    public bool IsEmpty => Predicates.Length == 0 && Order.Length == 0 && Take is null;
}
