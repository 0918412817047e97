namespace Keel;

/// <summary>
/// What the one expression translator needs from a storage layout: how to read a member and how to express the
/// few operations that a layout can do better than plain comparison. Documents implement it over jsonb paths
/// (<c>data-&gt;'address'-&gt;&gt;'city'</c>); relational repositories will implement it over columns.
/// </summary>
internal interface IMemberSqlTarget
{
    /// <summary>
    /// SQL reading the member as a typed scalar, usable in comparisons and ORDER BY — e.g.
    /// <c>(data-&gt;&gt;'year')::integer</c> or <c>"year"</c>.
    /// </summary>
    /// <exception cref="NotSupportedException">The member cannot be read (not mapped, or not a scalar).</exception>
    Sql Value(MemberPath path);

    /// <summary>
    /// <c>member = value</c> written so an index serves it where the layout has a better form than
    /// <see cref="Value"/> = parameter — for documents, containment <c>data @&gt; '{"regNo":"AB123"}'</c> (served by a
    /// GIN index). Null when the layout has no such form; the translator then compares <see cref="Value"/>.
    /// </summary>
    Sql? TryEquals(MemberPath path, object? value);

    /// <summary><c>member IS NULL</c> (or IS NOT NULL). For documents a missing key and JSON null both count as null.</summary>
    Sql IsNull(MemberPath path, bool isNull);

    /// <summary>A collection member contains an element: <c>x.Tags.Contains("vip")</c>.</summary>
    Sql CollectionContains(MemberPath path, object? element);

    /// <summary>
    /// The value to bind as a parameter when comparing with the member, as the storage holds it — e.g. an enum
    /// as the text or number the JSON serializer writes, a <see cref="DateTimeOffset"/> as UTC.
    /// </summary>
    object? ToParameter(MemberPath path, object? value);
}
