using Npgsql;

namespace Keel;

/// <summary>One concrete subtype of a hierarchy rooted at <typeparamref name="TBase"/>, seen from the root: its map, and what polymorphic reads and writes need of it.</summary>
internal interface ISubtypeMap<TBase>
    where TBase : class
{
    /// <summary>The subtype's own map (the one its repository uses).</summary>
    IEntityMap Map { get; }

    /// <summary>The discriminator value the subtype's rows carry.</summary>
    string Value { get; }

    /// <summary>The columns the subtype adds to the root's, in select order.</summary>
    IReadOnlyList<EntityColumn> OwnColumns { get; }

    /// <summary>Reads a row of the hierarchy's polymorphic select list as this subtype (after <see cref="Attach"/>).</summary>
    Func<NpgsqlDataReader, TBase> Read { get; }

    /// <summary>Compiles the polymorphic reader and the writes whose result is the polymorphic select list.</summary>
    void Attach(EntityHierarchy<TBase> hierarchy, int index);

    /// <summary>The insert of <paramref name="entity"/> (of this subtype), returning the polymorphic select list.</summary>
    Sql Insert(TBase entity);

    /// <summary>The subtype's own delete of the rows matching <paramref name="where"/> (see <see cref="EntityMap{T}.DeleteWhere"/>).</summary>
    Sql DeleteWhere(Sql where, bool hard);

    /// <summary>The update of <paramref name="entity"/> (of this subtype), returning the polymorphic select list.</summary>
    Sql Update(TBase entity);

    /// <summary>How a bulk load writes this subtype's entities.</summary>
    CopyShape<TBase> CopyShape { get; }

    /// <summary>The upsert of <paramref name="entity"/> (of this subtype) on <paramref name="target"/>, returning the polymorphic select list.</summary>
    Sql Upsert(TBase entity, ConflictTarget target);
}
