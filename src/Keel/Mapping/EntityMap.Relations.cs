using System.Collections.Concurrent;
using Npgsql;

namespace Keel;

/// <summary>The relation-loading view of a map: readers at an offset, qualified select lists, key getters, resolved relations.</summary>
internal sealed partial class EntityMap<T> : IRelationMap
{
    private readonly ConcurrentDictionary<int, Func<NpgsqlDataReader, object>> _readersAt = new();
    private readonly ConcurrentDictionary<string, EntityRelation> _relations = new(StringComparer.Ordinal);

    // A hierarchy's root selects its polymorphic list (the discriminator, then every subtype's columns), as its Read expects.
    public string SelectListOf(string alias) => Hierarchy?.SelectListOf(alias) ?? string.Join(", ", Columns.Select(c => alias + "." + c.Quoted));

    public int Width => Hierarchy?.Layout.Count ?? Columns.Count;

    public string SourceAs(string alias)
        => Source.Text == QualifiedTable.Text ? $"{QualifiedTable.Text} {alias}" : $"(SELECT * FROM {Source.Text}) {alias}";

    public string TypeFilterOf(string alias) => TypeCondition.Length == 0 ? string.Empty : $" AND {alias}.{TypeCondition}";

    // Offsets are few (a row holds a handful of joined entities), so the cache stays small.
    public Func<NpgsqlDataReader, object> ReaderAt(int offset)
        => offset == 0 ? Read : _readersAt.GetOrAdd(offset, o => Hierarchy is { } hierarchy ? hierarchy.ReaderAt(o) : CompileReader([.. Columns], o));

    public Func<object, object?> Getter(EntityColumn column)
    {
        var getter = _getters[IndexOf(column)];
        return entity => getter((T)entity);
    }

    public EntityNavigation? NavigationFor(string propertyName)
    {
        foreach (var navigation in Navigations)
        {
            if (navigation.Property.Name == propertyName)
                return navigation;
        }

        return null;
    }

    public EntityRelation Relation(EntityNavigation navigation, EntityStore store)
        => _relations.TryGetValue(navigation.Property.Name, out var relation)
            ? relation
            : _relations.GetOrAdd(navigation.Property.Name, _ => EntityRelation.Resolve(this, navigation, store.RelationMap(navigation.TargetType)));
}
