namespace Keel;

/// <summary>DROP, TRUNCATE, DELETE/UPDATE, CREATE/DROP INDEX and maintenance statements.</summary>
internal sealed partial class ScriptLinter
{
    private void CheckCreate(IReadOnlyList<SqlToken> t)
    {
        var i = 1;
        if (TokenScan.Words(t, i, "or", "replace"))
            i += 2;
        while (i < t.Count && (t[i].Is("global") || t[i].Is("local") || t[i].Is("temp") || t[i].Is("temporary") || t[i].Is("unlogged")))
            i++;
        if (i < t.Count && t[i].Is("table"))
            CheckCreateTable(t, i + 1);
        else if (i < t.Count && (t[i].Is("index") || (t[i].Is("unique") && TokenScan.Words(t, i + 1, "index"))))
            CheckCreateIndex(t, t[i].Is("unique") ? i + 2 : i + 1);
    }

    private void CheckCreateIndex(IReadOnlyList<SqlToken> t, int i)
    {
        var concurrently = i < t.Count && t[i].Is("concurrently");
        var on = TokenScan.FindWord(t, i, t.Count, "on");
        if (on < 0)
            return;
        var indexName = on > i + (concurrently ? 1 : 0) ? t[on - 1].Name : null;
        var k = on + 1;
        if (k < t.Count && t[k].Is("only"))
            k++;
        var table = TokenScan.ReadName(t, ref k);
        if (table is null)
            return;
        if (indexName is not null)
            _createdIndexes.Add(indexName);
        if (k < t.Count && t[k].Is("using"))
            k += 2;
        var columns = TokenScan.ReadNameList(t, k);
        if (columns.Count > 0)
            _indexedColumns.Add((table, columns[0]));

        if (!concurrently && !IsNew(table))
            Report(LintRules.CreateIndexWithoutConcurrently, t[0], $"CREATE INDEX on existing table \"{table}\" blocks every INSERT, UPDATE and DELETE until the index is built.", table);
    }

    private void CheckDrop(IReadOnlyList<SqlToken> t)
    {
        if (t.Count < 2)
            return;
        var kind = t[1];
        var i = 2;
        var concurrently = kind.Is("index") && i < t.Count && t[i].Is("concurrently");
        if (concurrently)
            i++;
        if (TokenScan.Words(t, i, "if", "exists"))
            i += 2;
        var names = new List<string>();
        foreach (var (start, _) in TokenScan.SplitCommas(t, i, t.Count))
        {
            var k = start;
            if (TokenScan.ReadName(t, ref k) is { } name)
                names.Add(name);
        }

        var first = names.Count > 0 ? names[0] : "?";
        if (kind.Is("table"))
        {
            foreach (var name in names)
            {
                if (IsNew(name))
                    continue;
                TakesAccessExclusive(t[0], name);
                Report(LintRules.DropTable, t[0], $"DROP TABLE \"{name}\" deletes the table and its data; code still using it fails.", name);
            }
        }
        else if (kind.Is("schema"))
        {
            Report(LintRules.DropSchema, t[0], $"DROP SCHEMA \"{first}\" deletes the schema{(TokenScan.FindWord(t, i, t.Count, "cascade") >= 0 ? " and, with CASCADE, everything in it" : string.Empty)}.", first);
        }
        else if (kind.Is("database"))
        {
            Report(LintRules.DropDatabase, t[0], $"DROP DATABASE \"{first}\" deletes a whole database.");
        }
        else if (kind.Is("index") && !concurrently && !_createdIndexes.Contains(first))
        {
            Report(LintRules.DropIndexWithoutConcurrently, t[0], $"DROP INDEX \"{first}\" without CONCURRENTLY waits for and then blocks all reads and writes of its table.", null);
        }
    }

    private void CheckTruncate(IReadOnlyList<SqlToken> t)
    {
        var i = 1;
        if (i < t.Count && t[i].Is("table"))
            i++;
        foreach (var (start, _) in TokenScan.SplitCommas(t, i, t.Count))
        {
            var k = start;
            if (k < t.Count && t[k].Is("only"))
                k++;
            var name = TokenScan.ReadName(t, ref k);
            if (name is null || IsNew(name))
                continue;
            TakesAccessExclusive(t[0], name);
            Report(LintRules.Truncate, t[0], $"TRUNCATE \"{name}\" deletes every row at once.", name);
        }
    }

    private void CheckDataChange(IReadOnlyList<SqlToken> t)
    {
        // WITH ... DELETE/UPDATE: the statement proper starts at the first top-level DELETE or UPDATE.
        var start = 0;
        if (t[0].Is("with"))
        {
            var delete = TokenScan.FindWord(t, 1, t.Count, "delete");
            var update = TokenScan.FindWord(t, 1, t.Count, "update");
            start = delete < 0 ? update : update < 0 ? delete : Math.Min(delete, update);
            if (start < 0)
                return;
        }

        var isDelete = t[start].Is("delete");
        var i = start + 1;
        if (isDelete && i < t.Count && t[i].Is("from"))
            i++;
        if (i < t.Count && t[i].Is("only"))
            i++;
        var table = TokenScan.ReadName(t, ref i);
        if (table is null || IsNew(table) || TokenScan.FindWord(t, i, t.Count, "where") >= 0)
            return;
        if (isDelete)
            Report(LintRules.DeleteWithoutWhere, t[start], $"DELETE FROM \"{table}\" has no WHERE clause and deletes every row.", table);
        else
            Report(LintRules.UpdateWithoutWhere, t[start], $"UPDATE \"{table}\" has no WHERE clause and updates every row.", table);
    }

    private void CheckVacuum(IReadOnlyList<SqlToken> t)
    {
        var full = t.Count > 1 && (t[1].Is("full") || (t[1].IsSymbol("(") && FindInside(t, 1, "full")));
        if (full)
            Report(LintRules.VacuumFull, t[0], "VACUUM FULL copies the table into new files.");
    }

    private void CheckReindex(IReadOnlyList<SqlToken> t)
    {
        if (TokenScan.FindWord(t, 1, t.Count, "concurrently") >= 0
            || (t.Count > 1 && t[1].IsSymbol("(") && FindInside(t, 1, "concurrently")))
            return;
        Report(LintRules.ReindexWithoutConcurrently, t[0], "REINDEX without CONCURRENTLY rebuilds the index while blocking writes to the table and reads that use the index.");
    }

    private static bool FindInside(IReadOnlyList<SqlToken> t, int open, string word)
    {
        var close = TokenScan.SkipParens(t, open);
        for (var k = open + 1; k < close; k++)
        {
            if (t[k].Is(word))
                return true;
        }

        return false;
    }
}
