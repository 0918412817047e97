namespace Keel;

/// <summary>ALTER TABLE: each comma-separated action is checked on its own.</summary>
internal sealed partial class ScriptLinter
{
    private void CheckAlterTable(IReadOnlyList<SqlToken> t)
    {
        var i = 2;
        if (TokenScan.Words(t, i, "if", "exists"))
            i += 2;
        if (i < t.Count && t[i].Is("only"))
            i++;
        var table = TokenScan.ReadName(t, ref i);
        if (table is null || i >= t.Count)
            return;
        var isNew = IsNew(table);

        if (t[i].Is("rename"))
        {
            CheckRename(t, i, table, isNew);
            return;
        }

        foreach (var (start, end) in TokenScan.SplitCommas(t, i, t.Count))
        {
            if (start >= end)
                continue;
            var action = t[start];
            var takesAccessExclusive = !(action.Is("validate")
                || (action.Is("add") && TokenScan.FindWord(t, start, end, "foreign") >= 0 && TokenScan.FindWord(t, start, end, "check") < 0));
            if (takesAccessExclusive)
                TakesAccessExclusive(action, table);

            if (action.Is("add"))
                CheckAdd(t, start, end, table, isNew);
            else if (action.Is("drop"))
                CheckDropAction(t, start, end, table, isNew);
            else if (action.Is("alter"))
                CheckAlterColumn(t, start, end, table, isNew);
            else if (action.Is("validate"))
                CheckValidate(t, start, end, table);
        }
    }

    private void CheckRename(IReadOnlyList<SqlToken> t, int i, string table, bool isNew)
    {
        TakesAccessExclusive(t[i], table);
        if (isNew || TokenScan.Words(t, i + 1, "constraint"))
            return;
        if (TokenScan.Words(t, i + 1, "to"))
        {
            Report(LintRules.RenameTable, t[i], $"RENAME of table \"{table}\" breaks every query still using the old name during the deploy.", table);
            return;
        }

        var column = i + 1 < t.Count && t[i + 1].Is("column") ? i + 2 : i + 1;
        var name = column < t.Count ? t[column].Name : "?";
        Report(LintRules.RenameColumn, t[i], $"RENAME of column \"{name}\" on \"{table}\" breaks every query still using the old name during the deploy.", table);
    }

    private void CheckAdd(IReadOnlyList<SqlToken> t, int start, int end, string table, bool isNew)
    {
        var k = start + 1;
        string? constraintName = null;
        if (k < end && t[k].Is("constraint"))
        {
            constraintName = k + 1 < end ? t[k + 1].Name : null;
            k += 2;
        }

        var notValid = FindNotValid(t, k, end);
        if (k < end && TokenScan.Words(t, k, "foreign", "key"))
        {
            if (notValid)
                RememberNotValid(constraintName);
            else if (!isNew)
                Report(LintRules.AddForeignKeyWithoutNotValid, t[k], $"ADD FOREIGN KEY on \"{table}\" checks every existing row against the referenced table, which is locked too.", table);
        }
        else if (k < end && t[k].Is("check"))
        {
            if (notValid)
                RememberNotValid(constraintName);
            else if (!isNew)
                Report(LintRules.AddCheckWithoutNotValid, t[k], $"ADD CHECK on \"{table}\" checks every existing row.", table);
        }
        else if (k < end && (t[k].Is("unique") || TokenScan.Words(t, k, "primary", "key")))
        {
            if (TokenScan.FindWord(t, k, end, "using") is var u && u >= 0 && TokenScan.Words(t, u, "using", "index"))
                return;
            if (t[k].Is("primary"))
                AddIndexed(table, TokenScan.ReadNameList(t, k + 2));
            else
                AddIndexed(table, TokenScan.ReadNameList(t, k + 1));
            if (!isNew)
                Report(LintRules.AddUniqueWithoutIndex, t[k], $"ADD {(t[k].Is("primary") ? "PRIMARY KEY" : "UNIQUE")} on \"{table}\" builds a new unique index while holding the table lock.", table);
        }
        else if (constraintName is null && k < end && !t[k].Is("exclude"))
        {
            // ADD [COLUMN] [IF NOT EXISTS] name type ...
            if (t[k].Is("column"))
                k++;
            if (TokenScan.Words(t, k, "if", "not", "exists"))
                k += 3;
            if (k < end)
                CheckColumnDefinition(t, k, end, table, addedToExisting: !isNew);
        }
    }

    private static bool FindNotValid(IReadOnlyList<SqlToken> t, int start, int end)
    {
        var not = TokenScan.FindWord(t, start, end, "valid");
        return not > start && t[not - 1].Is("not");
    }

    private void RememberNotValid(string? constraintName)
    {
        if (constraintName is not null)
            _notValidConstraints.Add(constraintName);
    }

    private void CheckDropAction(IReadOnlyList<SqlToken> t, int start, int end, string table, bool isNew)
    {
        var k = start + 1;
        if (k >= end || t[k].Is("constraint") || t[k].Is("default") || TokenScan.Words(t, k, "not", "null") || t[k].Is("expression") || t[k].Is("identity"))
            return;
        if (t[k].Is("column"))
            k++;
        if (TokenScan.Words(t, k, "if", "exists"))
            k += 2;
        if (isNew || k >= end)
            return;
        Report(LintRules.DropColumn, t[start], $"DROP COLUMN \"{t[k].Name}\" on \"{table}\" deletes its data; code still reading or writing it fails.", table);
    }

    private void CheckAlterColumn(IReadOnlyList<SqlToken> t, int start, int end, string table, bool isNew)
    {
        var k = start + 1;
        if (k < end && t[k].Is("column"))
            k++;
        if (k >= end)
            return;
        var column = t[k].Name;
        k++;
        if (TokenScan.Words(t, k, "set", "data", "type"))
            k += 3;
        else if (k < end && t[k].Is("type"))
            k++;
        else
        {
            if (TokenScan.Words(t, k, "set", "not", "null") && !isNew && !_validatedTables.Contains(table))
                Report(LintRules.SetNotNull, t[k], $"SET NOT NULL on \"{table}\".\"{column}\" checks every row for NULLs.", table);
            return;
        }

        var typeEnd = TokenScan.FindWord(t, k, end, "using");
        var collate = TokenScan.FindWord(t, k, end, "collate");
        var type = ColumnType.Parse(t, k, typeEnd >= 0 ? typeEnd : collate >= 0 ? collate : end);
        if (type.Name.Length == 0)
            return;
        CheckType(type, column);
        ColumnType? old = _columnTypes.TryGetValue((table, column), out var known) ? known : null;
        _columnTypes[(table, column)] = type;
        if (isNew || (typeEnd < 0 && type.IsMetadataOnlyChangeFrom(old)))
            return;
        var from = old is { } o ? $" from {o.Name}{(o.Modifier is null ? string.Empty : $"({o.Modifier})")}" : string.Empty;
        Report(LintRules.ChangeColumnType, t[start], $"ALTER COLUMN \"{column}\" TYPE {type.At.Text}{from} on \"{table}\" is not binary-coercible.", table);
    }

    private void CheckValidate(IReadOnlyList<SqlToken> t, int start, int end, string table)
    {
        _validatedTables.Add(table);
        if (!TokenScan.Words(t, start, "validate", "constraint") || start + 2 >= end)
            return;
        var name = t[start + 2].Name;
        if (_context.InTransaction && _notValidConstraints.Contains(name))
            Report(LintRules.ValidateInSameTransaction, t[start], $"VALIDATE CONSTRAINT \"{name}\" runs in the same transaction that added it NOT VALID, so the stronger ADD CONSTRAINT lock is still held during the scan.", table);
    }
}
