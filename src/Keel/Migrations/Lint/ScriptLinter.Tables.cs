namespace Keel;

/// <summary>CREATE TABLE, column definitions and the type rules shared with ALTER TABLE.</summary>
internal sealed partial class ScriptLinter
{
    private static readonly HashSet<string> ColumnConstraintWords = new(StringComparer.Ordinal)
    {
        "constraint", "not", "null", "default", "primary", "unique", "references", "check", "generated", "collate", "compression", "storage",
    };

    private static readonly HashSet<string> VolatileFunctions = new(StringComparer.Ordinal)
    {
        "random", "random_normal", "gen_random_uuid", "uuidv4", "uuidv7", "uuid_generate_v1", "uuid_generate_v1mc", "uuid_generate_v4",
        "clock_timestamp", "timeofday", "nextval", "setval", "txid_current", "pg_current_xact_id",
    };

    private void CheckCreateTable(IReadOnlyList<SqlToken> t, int i)
    {
        if (TokenScan.Words(t, i, "if", "not", "exists"))
            i += 3;
        var table = TokenScan.ReadName(t, ref i);
        if (table is null)
            return;
        _createdTables.Add(table);
        if (i >= t.Count || !t[i].IsSymbol("("))
            return;

        var close = TokenScan.SkipParens(t, i) - 1;
        var primaryKey = new List<string>();
        foreach (var (start, end) in TokenScan.SplitCommas(t, i + 1, close))
        {
            if (start >= end)
                continue;
            var first = t[start];
            var k = start;
            if (first.Is("constraint"))
                k += 2;
            if (k >= end)
                continue;
            if (TokenScan.Words(t, k, "primary", "key"))
            {
                primaryKey = TokenScan.ReadNameList(t, k + 2);
                AddIndexed(table, primaryKey);
            }
            else if (t[k].Is("unique"))
            {
                AddIndexed(table, TokenScan.ReadNameList(t, k + 1));
            }
            else if (TokenScan.Words(t, k, "foreign", "key"))
            {
                var columns = TokenScan.ReadNameList(t, k + 2);
                if (columns.Count > 0)
                    _foreignKeyColumns.Add((table, columns[0], t[k]));
            }
            else if (!first.Is("constraint") && !t[k].Is("check") && !t[k].Is("exclude") && !t[k].Is("like"))
            {
                CheckColumnDefinition(t, start, end, table, addedToExisting: false);
            }
        }

        if (primaryKey.Count == 1 && _columnTypes.TryGetValue((table, primaryKey[0]), out var keyType) && keyType.IsSmallInteger)
            ReportIntPrimaryKey(keyType, primaryKey[0]);
    }

    private void AddIndexed(string table, List<string> columns)
    {
        if (columns.Count > 0)
            _indexedColumns.Add((table, columns[0]));
    }

    /// <summary>
    /// Checks one column definition in [start, end): <c>name type [constraints]</c>. When
    /// <paramref name="addedToExisting"/> is true it is ALTER TABLE ... ADD COLUMN on a table that already has rows.
    /// </summary>
    private void CheckColumnDefinition(IReadOnlyList<SqlToken> t, int start, int end, string table, bool addedToExisting)
    {
        var column = t[start].Name;
        var typeEnd = start + 1;
        var depth = 0;
        while (typeEnd < end)
        {
            var token = t[typeEnd];
            if (token.IsSymbol("(") || token.IsSymbol("["))
                depth++;
            else if (token.IsSymbol(")") || token.IsSymbol("]"))
                depth--;
            else if (depth == 0 && token.Kind == SqlTokenKind.Word && ColumnConstraintWords.Contains(token.Name))
                break;
            typeEnd++;
        }

        var type = ColumnType.Parse(t, start + 1, typeEnd);
        if (type.Name.Length == 0)
            return;
        _columnTypes[(table, column)] = type;
        CheckType(type, column);

        var primary = TokenScan.FindWord(t, typeEnd, end, "primary");
        var isPrimaryKey = primary >= 0 && TokenScan.Words(t, primary, "primary", "key");
        if (isPrimaryKey || TokenScan.FindWord(t, typeEnd, end, "unique") >= 0)
            _indexedColumns.Add((table, column));
        if (isPrimaryKey && type.IsSmallInteger)
            ReportIntPrimaryKey(type, column);
        var references = TokenScan.FindWord(t, typeEnd, end, "references");
        if (references >= 0)
            _foreignKeyColumns.Add((table, column, t[references]));

        if (!addedToExisting)
            return;

        var defaultAt = TokenScan.FindWord(t, typeEnd, end, "default");
        var generated = TokenScan.FindWord(t, typeEnd, end, "generated");
        var volatileCall = defaultAt >= 0 ? FindVolatileCall(t, defaultAt + 1, end) : null;
        if (volatileCall is { } call)
            Report(LintRules.AddColumnVolatileDefault, call, $"ADD COLUMN \"{column}\" with DEFAULT {call.Text}(...): a volatile default is evaluated per row, so every existing row is rewritten.", table);
        else if (type.IsSerial)
            Report(LintRules.AddColumnVolatileDefault, type.At, $"ADD COLUMN \"{column}\" {type.At.Text}: its nextval() default fills every existing row, so the table is rewritten.", table);
        else if (generated >= 0 && (TokenScan.FindWord(t, generated, end, "identity") >= 0 || TokenScan.FindWord(t, generated, end, "stored") >= 0))
            Report(LintRules.AddColumnVolatileDefault, t[generated], $"ADD COLUMN \"{column}\" GENERATED ...: identity and stored generated columns are computed for every existing row, so the table is rewritten.", table);

        var notNull = TokenScan.FindWord(t, typeEnd, end, "not");
        if (notNull >= 0 && TokenScan.Words(t, notNull, "not", "null") && defaultAt < 0 && generated < 0 && !type.IsSerial)
            Report(LintRules.AddColumnNotNullWithoutDefault, t[notNull], $"ADD COLUMN \"{column}\" NOT NULL without a DEFAULT fails as soon as \"{table}\" has a row.", table);

        if (isPrimaryKey || TokenScan.FindWord(t, typeEnd, end, "unique") >= 0)
            Report(LintRules.AddUniqueWithoutIndex, t[isPrimaryKey ? primary : TokenScan.FindWord(t, typeEnd, end, "unique")], $"ADD COLUMN \"{column}\" with an inline UNIQUE or PRIMARY KEY builds its index while holding the table lock.", table);
    }

    /// <summary>The first call of a known volatile function in [start, end), or null. Stable now() is fine: it is evaluated once.</summary>
    private static SqlToken? FindVolatileCall(IReadOnlyList<SqlToken> t, int start, int end)
    {
        for (var k = start; k + 1 < end; k++)
        {
            if (t[k].Kind == SqlTokenKind.Word && t[k + 1].IsSymbol("(") && VolatileFunctions.Contains(t[k].Name))
                return t[k];
        }

        return null;
    }

    private void CheckType(ColumnType type, string column)
    {
        switch (type.Name)
        {
            case "bpchar":
                Report(LintRules.CharType, type.At, $"Column \"{column}\" is {type.At.Text}{(type.Modifier is null ? string.Empty : $"({type.Modifier})")}: blank-padded, and no faster than text.");
                break;
            case "timestamp":
                Report(LintRules.TimestampWithoutTimeZone, type.At, $"Column \"{column}\" is timestamp without time zone: it stores a wall-clock reading, not an instant.");
                break;
            case "json":
                Report(LintRules.JsonType, type.At, $"Column \"{column}\" is json: stored as text, reparsed on every access, not indexable with GIN.");
                break;
            case "varchar" when type.Modifier is not null:
                Report(LintRules.VarcharLength, type.At, $"Column \"{column}\" is varchar({type.Modifier}): raising the limit later is cheap, lowering it is not, and the limit is rarely a real rule.");
                break;
        }
    }

    private void ReportIntPrimaryKey(ColumnType type, string column)
        => Report(LintRules.IntPrimaryKey, type.At, $"Primary key \"{column}\" is {type.At.Text}: 32-bit keys run out at about 2.1 billion (16-bit at 32,767).");
}
