using Npgsql;

namespace Keel;

/// <summary>One concrete type of a hierarchy rooted at <typeparamref name="TBase"/> (or at a subtype with subtypes of its own), seen from there: its map, and what polymorphic reads and writes need of it.</summary>
internal interface ISubtypeMap<TBase>
    where TBase : class
{
    /// <summary>The concrete type's own map (the one its repository uses).</summary>
    IEntityMap Map { get; }

    /// <summary>The discriminator value the type's rows carry.</summary>
    string Value { get; }

    /// <summary>The columns the type adds to the type it derives from, in select order.</summary>
    IReadOnlyList<EntityColumn> OwnColumns { get; }

    /// <summary>Reads a row of the hierarchy's polymorphic select list as this type (after <see cref="Attach"/>).</summary>
    Func<NpgsqlDataReader, TBase> Read { get; }

    /// <summary>Compiles a reader of the polymorphic select list starting at column <paramref name="offset"/> of a row (an include's joined entity).</summary>
    Func<NpgsqlDataReader, TBase> ReaderAt(int offset);

    /// <summary>Compiles the polymorphic reader and the writes whose result is the polymorphic select list.</summary>
    void Attach(EntityHierarchy<TBase> hierarchy, int index);

    /// <summary>Whether the type has <paramref name="column"/> (its own, or one it inherits).</summary>
    bool Has(EntityColumn column);

    /// <summary>Where the type's joined-tables statements read <paramref name="column"/> (see <see cref="IHierarchyNode.JoinedColumn"/>).</summary>
    string JoinedColumn(EntityColumn column);

    /// <summary>The insert of <paramref name="entity"/> (of this type), for <paramref name="tenant"/> when rows belong to tenants, returning the polymorphic select list.</summary>
    Sql Insert(TBase entity, string? tenant);

    /// <summary>The delete of the type's own rows matching <paramref name="where"/>, from its own table (see <see cref="EntityMap{T}.DeleteOwnRows"/>).</summary>
    Sql DeleteWhere(Sql where, bool hard);

    /// <summary>The update of <paramref name="entity"/> (of this type), a row of <paramref name="tenant"/>'s when rows belong to tenants, returning the polymorphic select list.</summary>
    Sql Update(TBase entity, string? tenant);

    /// <summary>How a bulk load writes this type's entities.</summary>
    CopyShape<TBase> CopyShape { get; }

    /// <summary>The upsert of <paramref name="entity"/> (of this type) on <paramref name="target"/>, for <paramref name="tenant"/> when rows belong to tenants, returning the polymorphic select list.</summary>
    Sql Upsert(TBase entity, ConflictTarget target, string? tenant);
}
