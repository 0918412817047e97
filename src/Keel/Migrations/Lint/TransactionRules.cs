namespace Keel;

/// <summary>Statements PostgreSQL refuses to run inside a transaction block (SQLSTATE 25001).</summary>
internal static class TransactionRules
{
    /// <summary>A short description of why the statement cannot run in a transaction, or null when it can.</summary>
    public static string? Reason(IReadOnlyList<SqlToken> t)
    {
        if (t.Count == 0)
            return null;
        if (t[0].Is("vacuum"))
            return "VACUUM";
        if (TokenScan.Words(t, 0, "alter", "system"))
            return "ALTER SYSTEM";
        if (TokenScan.Words(t, 0, "create", "database") || TokenScan.Words(t, 0, "drop", "database"))
            return t[0].Text.ToUpperInvariant() + " DATABASE";
        if (TokenScan.Words(t, 0, "create", "tablespace") || TokenScan.Words(t, 0, "drop", "tablespace"))
            return t[0].Text.ToUpperInvariant() + " TABLESPACE";
        if (TokenScan.Words(t, 0, "create", "index", "concurrently") || TokenScan.Words(t, 0, "create", "unique", "index", "concurrently"))
            return "CREATE INDEX CONCURRENTLY";
        if (TokenScan.Words(t, 0, "drop", "index", "concurrently"))
            return "DROP INDEX CONCURRENTLY";
        if (t[0].Is("reindex"))
        {
            if (TokenScan.FindWord(t, 1, t.Count, "concurrently") >= 0)
                return "REINDEX CONCURRENTLY";
            if (TokenScan.FindWord(t, 1, t.Count, "schema") >= 0 || TokenScan.FindWord(t, 1, t.Count, "database") >= 0
                || TokenScan.FindWord(t, 1, t.Count, "system") >= 0)
                return "REINDEX SCHEMA/DATABASE/SYSTEM";
        }

        if (TokenScan.Words(t, 0, "alter", "table"))
        {
            var detach = TokenScan.FindWord(t, 2, t.Count, "detach");
            if (detach >= 0 && TokenScan.FindWord(t, detach, t.Count, "concurrently") >= 0)
                return "DETACH PARTITION CONCURRENTLY";
        }

        return t[0].Is("cluster") && t.Count == 1 ? "CLUSTER without a table" : null;
    }
}
