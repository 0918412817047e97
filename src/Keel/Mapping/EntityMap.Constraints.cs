using System.Reflection;

namespace Keel;

/// <summary>Unique keys, indexes, checks and foreign keys from attributes and the fluent API, with PostgreSQL-style default names.</summary>
internal sealed partial class EntityMap<T>
{
    public IReadOnlyList<EntityIndex> Indexes { get; private set; } = [];

    public IReadOnlyList<EntityCheck> Checks { get; private set; } = [];

    public IReadOnlyList<EntityForeignKey> ForeignKeys { get; private set; } = [];

    private void CollectConstraints(EntityOptions<T> options)
    {
        var indexes = new List<EntityIndex>();
        var checks = new List<EntityCheck>();
        foreach (var unique in typeof(T).GetCustomAttributes<UniqueAttribute>())
            indexes.Add(Index(unique.Properties, unique.Name, unique: true, [], null));
        foreach (var index in typeof(T).GetCustomAttributes<IndexAttribute>())
            indexes.Add(Index(index.Properties, index.Name, unique: false, index.Include, index.Where));
        foreach (var check in typeof(T).GetCustomAttributes<CheckAttribute>())
            checks.Add(new EntityCheck(check.Name ?? Truncate($"{Table}_check"), check.Sql));
        foreach (var column in Columns)
        {
            foreach (var unique in column.Property.GetCustomAttributes<UniqueAttribute>())
                indexes.Add(Index([column.Property.Name], unique.Name, unique: true, [], null));
            foreach (var index in column.Property.GetCustomAttributes<IndexAttribute>())
                indexes.Add(Index([column.Property.Name], index.Name, unique: false, index.Include, index.Where));
            foreach (var check in column.Property.GetCustomAttributes<CheckAttribute>())
                checks.Add(new EntityCheck(check.Name ?? Truncate($"{Table}_{column.Name}_check"), check.Sql));
        }

        indexes.AddRange(options.Uniques.Select(u => Index(u.Properties, u.Name, unique: true, [], null)));
        indexes.AddRange(options.Indexes.Select(i => Index(i.Properties, i.Name, unique: false, i.Include, i.Where)));
        checks.AddRange(options.Checks.Select(c => new EntityCheck(c.Name, c.Sql)));
        Indexes = indexes;
        Checks = checks;
        ForeignKeys = CollectForeignKeys(options);
    }

    private List<EntityForeignKey> CollectForeignKeys(EntityOptions<T> options)
    {
        var keys = new List<EntityForeignKey>();
        foreach (var navigation in Navigations)
        {
            if (navigation.IsCollection || ColumnFor(navigation.ForeignKey) is not { } column)
                continue;
            var action = navigation.Property.GetCustomAttribute<OnDeleteAttribute>()?.Action
                ?? column.Property.GetCustomAttribute<OnDeleteAttribute>()?.Action ?? ReferentialAction.NoAction;
            keys.Add(new EntityForeignKey(Truncate($"{Table}_{column.Name}_fkey"), column, navigation.TargetType, action));
        }

        foreach (var (property, target, onDelete) in options.ForeignKeys)
        {
            var column = ColumnFor(property) ?? throw new InvalidOperationException($"{typeof(T).Name}.{property} is not a mapped column, so it cannot be a foreign key.");
            keys.RemoveAll(k => ReferenceEquals(k.Column, column));
            keys.Add(new EntityForeignKey(Truncate($"{Table}_{column.Name}_fkey"), column, target, onDelete));
        }

        return keys;
    }

    private EntityIndex Index(IReadOnlyList<string> properties, string? name, bool unique, IReadOnlyList<string> include, string? where)
    {
        var columns = properties.Select(ColumnName).ToList();
        if (columns.Count == 0)
            throw new InvalidOperationException($"An index or unique constraint on {typeof(T).Name} names no columns; list the properties on a class-level attribute.");
        var suffix = unique ? "key" : "idx";
        return new EntityIndex(name ?? Truncate($"{Table}_{string.Join('_', columns)}_{suffix}"), columns, unique, [.. include.Select(ColumnName)], where);
    }

    private string ColumnName(string property)
        => ColumnFor(property)?.Name ?? throw new InvalidOperationException($"{typeof(T).Name}.{property} is not a mapped column; indexes and constraints name mapped properties.");

    /// <summary>PostgreSQL keeps 63 bytes of a name; a longer default is cut there rather than refused.</summary>
    private static string Truncate(string name) => name.Length <= SqlIdentifiers.MaxIdentifierBytes ? name : name[..SqlIdentifiers.MaxIdentifierBytes];
}
