using Npgsql;

namespace Keel;

/// <summary>
/// What relation loading needs of an entity map without knowing its type: entities are handled as objects, read
/// from any position of a row, and their navigations set through compiled delegates (no per-row reflection).
/// </summary>
internal interface IRelationMap : IEntityMap
{
    /// <summary>
    /// <c>t."id", t."name"</c>: every column, qualified by <paramref name="alias"/>, in reader order. A hierarchy's root
    /// selects its polymorphic list: the discriminator, the root's columns, then every subtype's own columns.
    /// </summary>
    string SelectListOf(string alias);

    /// <summary>How many columns <see cref="SelectListOf"/> selects, so the next entity of a row starts after them.</summary>
    int Width { get; }

    /// <summary>
    /// <c>"public"."orders" t</c>: the rows of this entity under <paramref name="alias"/>. A source spanning several
    /// tables (a joined-tables subtype, a hierarchy's join or UNION ALL) is wrapped: <c>(SELECT * FROM source) t</c>.
    /// </summary>
    string SourceAs(string alias);

    /// <summary><c> AND t."kind" = 'article'</c> for a single-table subtype under <paramref name="alias"/>; empty otherwise.</summary>
    string TypeFilterOf(string alias);

    /// <summary>Reads an entity whose columns start at <paramref name="offset"/> of the current row.</summary>
    Func<NpgsqlDataReader, object> ReaderAt(int offset);

    /// <summary>A property's value on an entity (boxed), for stitching by key.</summary>
    Func<object, object?> Getter(EntityColumn column);

    /// <summary>The relation behind a navigation, resolved once against the maps of <paramref name="store"/>.</summary>
    EntityRelation Relation(EntityNavigation navigation, EntityStore store);

    /// <summary>The navigation of a property, or null when the property is a column or unmapped.</summary>
    EntityNavigation? NavigationFor(string propertyName);
}
