using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Npgsql;

namespace Keel;

/// <summary>Binds a subtype's map to its root, so the root reads and writes the subtype without reflection.</summary>
internal sealed class SubtypeMap<TBase, [DynamicallyAccessedMembers(Mapped.Members)] TSubtype>(EntityMap<TSubtype> map) : ISubtypeMap<TBase>
    where TBase : class
    where TSubtype : class, TBase
{
    private readonly ConcurrentDictionary<string, StatementTemplate<TSubtype>> _upserts = new(StringComparer.Ordinal);
    private StatementTemplate<TSubtype>? _insert;
    private StatementTemplate<TSubtype>? _update;
    private string _returning = string.Empty;

    public IEntityMap Map => map;

    public string Value => map.Parent!.Value;

    public IReadOnlyList<EntityColumn> OwnColumns => map.OwnColumns;

    public Func<NpgsqlDataReader, TBase> Read { get; private set; } = null!;

    public CopyShape<TBase> CopyShape => new(Value, map.QualifiedTable, map.CopyColumns, (column, now) =>
    {
        var write = map.CopyWriter(column, now);
        return (importer, entity, ct) => write(importer, (TSubtype)entity, ct);
    });

    public void Attach(EntityHierarchy<TBase> hierarchy, int index)
    {
        // Other subtypes' columns stay unbound: the reader ignores them.
        var layout = new EntityColumn?[hierarchy.Layout.Count];
        for (var i = 0; i < layout.Length; i++)
            layout[i] = hierarchy.Layout[i] is { } column && map.ColumnFor(column.Property.Name) == column ? column : null;
        Read = map.CompileReader(layout);
        _returning = hierarchy.Returning(index);
        (_insert, _update) = map.WriteTemplates(_returning);
    }

    public Sql Insert(TBase entity) => _insert!.Compose((TSubtype)entity);

    public Sql DeleteWhere(Sql where, bool hard) => map.DeleteWhere(where, hard);

    public Sql Update(TBase entity) => _update!.Compose((TSubtype)entity);

    public Sql Upsert(TBase entity, ConflictTarget target) => map.UpsertTemplate(target, _returning, _upserts).Compose((TSubtype)entity);
}
