namespace Keel;

/// <summary>
/// Lints one script: walks its statements in order, remembering what earlier statements created (tables,
/// indexes, NOT VALID constraints, column types), because that changes what later statements risk.
/// </summary>
internal sealed partial class ScriptLinter
{
    private readonly string _file;
    private readonly LintContext _context;
    private readonly List<LintFinding> _findings = [];
    private readonly HashSet<string> _createdTables = new(StringComparer.Ordinal);
    private readonly HashSet<string> _createdIndexes = new(StringComparer.Ordinal);
    private readonly HashSet<(string Table, string Column)> _indexedColumns = [];
    private readonly List<(string Table, string Column, SqlToken At)> _foreignKeyColumns = [];
    private readonly HashSet<string> _notValidConstraints = new(StringComparer.Ordinal);
    private readonly HashSet<string> _validatedTables = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Table, string Column), ColumnType> _columnTypes = [];
    private Suppressions? _suppressions;
    private int _statement = -1;
    private bool _lockTimeoutSet;
    private bool _lockTimeoutReported;

    public ScriptLinter(string file, LintContext context)
    {
        _file = file;
        _context = context;
    }

    public List<LintFinding> Run(string script)
    {
        var tokens = SqlTokenizer.Tokenize(script);
        var statements = SqlScript.Parse(script, tokens);
        _suppressions = Suppressions.Parse(script, tokens, statements, (rule, at, message) => Add(rule, at, message));
        for (_statement = 0; _statement < statements.Count; _statement++)
            Check(statements[_statement].Tokens);

        foreach (var (table, column, at) in _foreignKeyColumns)
        {
            if (!_indexedColumns.Contains((table, column)))
                Report(LintRules.ForeignKeyWithoutIndex, at, $"Foreign key column \"{column}\" of \"{table}\" has no index in this migration; deleting or re-keying a parent row scans \"{table}\".");
        }

        _findings.Sort((a, b) => a.Line != b.Line ? a.Line.CompareTo(b.Line) : a.Column.CompareTo(b.Column));
        return _findings;
    }

    private void Check(IReadOnlyList<SqlToken> t)
    {
        if (TransactionRules.Reason(t) is { } reason && _context.InTransaction)
            Report(LintRules.ConcurrentlyInTransaction, t[0], $"{reason} cannot run inside a transaction block, and this migration runs in one (SQLSTATE 25001).");

        if (TokenScan.Words(t, 0, "alter", "table"))
            CheckAlterTable(t);
        else if (t[0].Is("create"))
            CheckCreate(t);
        else if (t[0].Is("drop"))
            CheckDrop(t);
        else if (t[0].Is("truncate"))
            CheckTruncate(t);
        else if (t[0].Is("delete") || t[0].Is("update") || t[0].Is("with"))
            CheckDataChange(t);
        else if (t[0].Is("vacuum"))
            CheckVacuum(t);
        else if (t[0].Is("cluster"))
            Report(LintRules.Cluster, t[0], "CLUSTER rewrites the table in index order.");
        else if (t[0].Is("reindex"))
            CheckReindex(t);
        else
            CheckLockTimeoutSetting(t);
    }

    private bool IsNew(string? table) => table is not null && _createdTables.Contains(table);

    /// <summary>Notes that the statement takes ACCESS EXCLUSIVE on an existing table, for <c>missing-lock-timeout</c>.</summary>
    private void TakesAccessExclusive(SqlToken at, string? table)
    {
        if (_context.RunnerSetsLockTimeout || _lockTimeoutSet || _lockTimeoutReported || IsNew(table))
            return;
        _lockTimeoutReported = true;
        Report(LintRules.MissingLockTimeout, at,
            $"This statement waits for ACCESS EXCLUSIVE on \"{table}\" with no lock_timeout set (the runner's default is off); while it waits, every query on the table queues behind it.");
    }

    private void CheckLockTimeoutSetting(IReadOnlyList<SqlToken> t)
    {
        var i = t[0].Is("set") ? 1 : -1;
        if (i > 0 && (t.Count > 1 && (t[1].Is("local") || t[1].Is("session"))))
            i = 2;
        if (i > 0 && i < t.Count && t[i].Is("lock_timeout"))
        {
            _lockTimeoutSet = true;
            return;
        }

        // SELECT set_config('lock_timeout', '5s', false) does the same.
        for (var k = 0; k + 2 < t.Count; k++)
        {
            if (t[k].Is("set_config") && t[k + 2].Kind == SqlTokenKind.String && t[k + 2].Text.Equals("'lock_timeout'", StringComparison.OrdinalIgnoreCase))
                _lockTimeoutSet = true;
        }
    }

    /// <summary>Reports a finding unless suppressed; the message gains the rule's lock and table work.</summary>
    private void Report(LintRule rule, SqlToken at, string what, string? table = null)
    {
        if (_suppressions is not null && _suppressions.IsSuppressed(rule.Id, _statement))
            return;
        Add(rule, at, what + LockPhrase(rule, table));
    }

    private void Add(LintRule rule, SqlToken at, string message)
        => _findings.Add(new LintFinding(_file, at.Line, at.Column, rule.Id, rule.Severity, message, rule.SafeAlternative));

    private static string LockPhrase(LintRule rule, string? table)
    {
        if (rule.Lock == TableLock.None)
            return string.Empty;
        var on = table is null ? string.Empty : $" on \"{table}\"";
        var work = rule.Work switch
        {
            TableWork.Scan => " and scans every row while holding it",
            TableWork.Rewrite => " and rewrites the table and its indexes while holding it",
            TableWork.WriteEveryRow => " and changes every row in one transaction",
            _ => string.Empty,
        };
        return $" It takes {rule.LockName}{on}{work}.";
    }
}
