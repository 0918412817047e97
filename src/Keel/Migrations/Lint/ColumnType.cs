namespace Keel;

/// <summary>
/// A column type as written, normalized enough to compare: <paramref name="Name"/> is PostgreSQL's internal
/// spelling (<c>varchar</c>, <c>bpchar</c>, <c>int4</c>, <c>timestamptz</c>), <paramref name="Modifier"/> the text in
/// parentheses (<c>10</c>, <c>12,2</c>) or null.
/// </summary>
internal readonly record struct ColumnType(string Name, string? Modifier, SqlToken At)
{
    public bool IsSmallInteger => Name is "int4" or "int2" or "serial" or "smallserial";

    public bool IsSerial => Name is "serial" or "smallserial" or "bigserial";

    /// <summary>Parses the type in [start, end); Name is empty when there is none.</summary>
    public static ColumnType Parse(IReadOnlyList<SqlToken> t, int start, int end)
    {
        var i = start;
        if (i + 2 < end && t[i + 1].IsSymbol("."))
            i += 2;
        if (i >= end)
            return default;
        var at = t[i];
        if (at.Kind != SqlTokenKind.Word)
            return new ColumnType("\"" + at.Name, null, at);

        var name = at.Name;
        i++;
        string? modifier = null;
        if (i < end && t[i].IsSymbol("("))
        {
            var close = TokenScan.SkipParens(t, i);
            modifier = ModifierText(t, i + 1, close - 1);
            i = close;
        }

        switch (name)
        {
            case "character" when i < end && t[i].Is("varying"):
                name = "varchar";
                if (i + 1 < end && t[i + 1].IsSymbol("("))
                    modifier = ModifierText(t, i + 2, TokenScan.SkipParens(t, i + 1) - 1);
                break;
            case "character" or "char" or "bpchar":
                name = "bpchar";
                break;
            case "timestamp" or "time":
                var zoned = TokenScan.Words(t, i, "with", "time", "zone");
                name = zoned ? name + "tz" : name;
                break;
            case "int" or "integer":
                name = "int4";
                break;
            case "smallint":
                name = "int2";
                break;
            case "bigint":
                name = "int8";
                break;
            case "serial4":
                name = "serial";
                break;
            case "serial2":
                name = "smallserial";
                break;
            case "serial8":
                name = "bigserial";
                break;
            case "decimal":
                name = "numeric";
                break;
        }

        return new ColumnType(name, modifier, at);
    }

    private static string ModifierText(IReadOnlyList<SqlToken> t, int start, int end)
    {
        var parts = new List<string>();
        for (var k = start; k < end; k++)
            parts.Add(t[k].Text);
        return string.Join(string.Empty, parts);
    }

    /// <summary>
    /// True when changing a column from <paramref name="old"/> (null when unknown) to this type without USING is
    /// binary-coercible, so PostgreSQL changes the catalog only. An unknown old type is assumed to be a string type
    /// when the new one is text or varchar: that widening is by far the common case, and the docs say so.
    /// </summary>
    public bool IsMetadataOnlyChangeFrom(ColumnType? old)
    {
        if (old is { } known && known.Name == Name && known.Modifier == Modifier)
            return true;
        var fromString = old is null || old.Value.Name is "varchar" or "text";
        if (Name == "text" || (Name == "varchar" && Modifier is null))
            return fromString;
        if (Name == "varchar")
        {
            if (old is null)
                return true;
            return old.Value.Name == "varchar" && old.Value.Modifier is { } was
                && int.TryParse(was, out var n) && int.TryParse(Modifier, out var m) && m >= n;
        }

        // numeric(p, s) to numeric(q >= p, s), or to unconstrained numeric.
        if (Name == "numeric" && old is { Name: "numeric", Modifier: { } oldMod })
        {
            if (Modifier is null)
                return true;
            var a = oldMod.Split(',');
            var b = Modifier.Split(',');
            return int.TryParse(a[0], out var p) && int.TryParse(b[0], out var q) && q >= p
                && (a.Length > 1 ? a[1] : "0") == (b.Length > 1 ? b[1] : "0");
        }

        return false;
    }
}
