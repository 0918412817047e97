using System.Diagnostics.CodeAnalysis;
using Npgsql;

namespace Keel;

/// <summary>Binds a subtype's map to its root, so the root reads and writes the subtype without reflection.</summary>
internal sealed class SubtypeMap<TBase, [DynamicallyAccessedMembers(Mapped.Members)] TSubtype>(EntityMap<TSubtype> map) : ISubtypeMap<TBase>
    where TBase : class
    where TSubtype : class, TBase
{
    private StatementTemplate<TSubtype>? _insert;
    private StatementTemplate<TSubtype>? _update;

    public IEntityMap Map => map;

    public string Value => map.Parent!.Value;

    public IReadOnlyList<EntityColumn> OwnColumns => map.OwnColumns;

    public Func<NpgsqlDataReader, TBase> Read { get; private set; } = null!;

    public void Attach(EntityHierarchy<TBase> hierarchy, int index)
    {
        // Other subtypes' columns stay unbound: the reader ignores them.
        var layout = new EntityColumn?[hierarchy.Layout.Count];
        for (var i = 0; i < layout.Length; i++)
            layout[i] = hierarchy.Layout[i] is { } column && map.ColumnFor(column.Property.Name) == column ? column : null;
        Read = map.CompileReader(layout);
        (_insert, _update) = map.WriteTemplates(hierarchy.Returning(index));
    }

    public Sql Insert(TBase entity, string? tenant) => _insert!.Compose((TSubtype)entity, tenant);

    public Sql DeleteWhere(Sql where, bool hard) => map.DeleteWhere(where, hard);

    public Sql Update(TBase entity, string? tenant) => _update!.Compose((TSubtype)entity, tenant);
}
