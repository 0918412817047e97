using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Npgsql;

namespace Keel;

/// <summary>
/// Binds a concrete type's map to the hierarchy of one of its ancestors (the root, or a subtype with subtypes of its
/// own), so that ancestor reads and writes it without reflection. <typeparamref name="TSubtype"/> derives from
/// <typeparamref name="TBase"/>: checked when built rather than by a constraint, so a map can bind itself to any
/// ancestor's hierarchy (<see cref="IHierarchyNode.AsSubtypeOf{TBase}"/>) without knowing it statically.
/// </summary>
internal sealed class SubtypeMap<TBase, [DynamicallyAccessedMembers(Mapped.Members)] TSubtype> : ISubtypeMap<TBase>
    where TBase : class
    where TSubtype : class
{
    private readonly EntityMap<TSubtype> _map;
    private readonly ConcurrentDictionary<string, StatementTemplate<TSubtype>> _upserts = new(StringComparer.Ordinal);
    private StatementTemplate<TSubtype>? _insert;
    private StatementTemplate<TSubtype>? _update;
    private EntityColumn?[] _layout = [];
    private string _returning = string.Empty;

    public SubtypeMap(EntityMap<TSubtype> map)
    {
        if (!typeof(TBase).IsAssignableFrom(typeof(TSubtype)))
            throw new InvalidOperationException($"{typeof(TSubtype).Name} does not derive from {typeof(TBase).Name}.");
        _map = map;
    }

    public IEntityMap Map => _map;

    public string Value => _map.Parent!.Value;

    public IReadOnlyList<EntityColumn> OwnColumns => _map.OwnColumns;

    public Func<NpgsqlDataReader, TBase> Read { get; private set; } = null!;

    public CopyShape<TBase> CopyShape => new(Value, _map.QualifiedTable, _map.Lineage, _map.CopyColumns, (column, now) =>
    {
        var write = _map.CopyWriter(column, now);
        return (importer, entity, ct) => write(importer, (TSubtype)(object)entity, ct);
    });

    public void Attach(EntityHierarchy<TBase> hierarchy, int index)
    {
        // Other subtypes' columns stay unbound: the reader ignores them.
        var layout = new EntityColumn?[hierarchy.Layout.Count];
        for (var i = 0; i < layout.Length; i++)
            layout[i] = hierarchy.Layout[i] is { } column && Has(column) ? column : null;
        _layout = layout;
        Read = ReaderAt(0);
        _returning = hierarchy.Returning(index);
        (_insert, _update) = _map.WriteTemplates(_returning);
    }

    // A reader of TSubtype is a reader of TBase (delegate variance), so rows are read without a cast each.
    public Func<NpgsqlDataReader, TBase> ReaderAt(int offset) => (Func<NpgsqlDataReader, TBase>)(object)_map.CompileReader(_layout, offset);

    public bool Has(EntityColumn column) => _map.ColumnFor(column.Property.Name) == column;

    public string JoinedColumn(EntityColumn column) => _map.JoinedColumn(column);

    public Sql Insert(TBase entity, string? tenant) => _insert!.Compose((TSubtype)(object)entity, tenant);

    public Sql DeleteWhere(Sql where, bool hard) => _map.DeleteOwnRows(where, hard);

    public Sql Update(TBase entity, string? tenant) => _update!.Compose((TSubtype)(object)entity, tenant);

    public Sql Upsert(TBase entity, ConflictTarget target, string? tenant) => _map.UpsertTemplate(target, _returning, _upserts).Compose((TSubtype)(object)entity, tenant);
}
