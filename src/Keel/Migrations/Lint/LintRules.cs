using static Keel.LintSeverity;
using static Keel.TableLock;
using static Keel.TableWork;

namespace Keel;

/// <summary>The rule catalogue: every rule the linter can report, with its lock and safe alternative.</summary>
internal static class LintRules
{
    public static readonly LintRule DropTable = new("drop-table", Error, "Dropping a table", AccessExclusive, TableWork.None,
        "Stop reading and writing the table in a release first, then drop it in a later migration with a `keel:allow drop-table because ...` reason.");

    public static readonly LintRule DropColumn = new("drop-column", Error, "Dropping a column", AccessExclusive, TableWork.None,
        "Deploy code that no longer reads or writes the column, then drop it in a later migration with a `keel:allow drop-column because ...` reason.");

    public static readonly LintRule DropSchema = new("drop-schema", Error, "Dropping a schema", AccessExclusive, TableWork.None,
        "Drop the schema's objects one by one in reviewed migrations, or allow it explicitly with a reason.");

    public static readonly LintRule DropDatabase = new("drop-database", Error, "Dropping a database", TableLock.None, TableWork.None,
        "Databases are dropped by operators, not by application migrations.");

    public static readonly LintRule Truncate = new("truncate", Error, "TRUNCATE", AccessExclusive, TableWork.None,
        "Delete in bounded batches (DELETE ... WHERE id IN (SELECT id ... LIMIT 10000)) from a job, or allow it with a reason.");

    public static readonly LintRule DeleteWithoutWhere = new("delete-without-where", Error, "DELETE without WHERE", RowExclusive, WriteEveryRow,
        "Add a WHERE clause, or delete in bounded batches outside the migration.");

    public static readonly LintRule UpdateWithoutWhere = new("update-without-where", Error, "UPDATE without WHERE", RowExclusive, WriteEveryRow,
        "Backfill in bounded batches (UPDATE ... WHERE id BETWEEN x AND y) from a job, outside the schema migration.");

    public static readonly LintRule RenameColumn = new("rename-column", Error, "Renaming a column", AccessExclusive, TableWork.None,
        "Add the new column, write to both, backfill, switch reads, then drop the old column in a later migration.");

    public static readonly LintRule RenameTable = new("rename-table", Error, "Renaming a table", AccessExclusive, TableWork.None,
        "Create the new table (or a view named like the old one over the renamed table) so old and new code both work during the deploy.");

    public static readonly LintRule ChangeColumnType = new("change-column-type", Error, "Changing a column's type", AccessExclusive, Rewrite,
        "Add a column of the new type, backfill it in batches, switch code to it, then drop the old column. Widening varchar(n) to text or to varchar(m > n) is metadata-only and is not flagged.");

    public static readonly LintRule AddColumnVolatileDefault = new("add-column-volatile-default", Error, "ADD COLUMN with a volatile default", AccessExclusive, Rewrite,
        "Add the column without a default (or with a constant one), set the default for new rows with ALTER COLUMN ... SET DEFAULT, and backfill existing rows in batches.");

    public static readonly LintRule AddColumnNotNullWithoutDefault = new("add-column-not-null-without-default", Error, "ADD COLUMN NOT NULL without a default", AccessExclusive, TableWork.None,
        "Give the column a constant DEFAULT (metadata-only since PostgreSQL 11), or add it nullable, backfill, and then set NOT NULL safely.");

    public static readonly LintRule SetNotNull = new("set-not-null", Error, "SET NOT NULL on an existing column", AccessExclusive, Scan,
        "ADD CONSTRAINT c CHECK (col IS NOT NULL) NOT VALID; then, in a later migration, VALIDATE CONSTRAINT c; ALTER COLUMN col SET NOT NULL (no scan: the valid check proves it); DROP CONSTRAINT c.");

    public static readonly LintRule AddForeignKeyWithoutNotValid = new("add-foreign-key-without-not-valid", Error, "ADD FOREIGN KEY without NOT VALID", ShareRowExclusive, Scan,
        "ADD CONSTRAINT ... FOREIGN KEY ... NOT VALID, then VALIDATE CONSTRAINT in a later migration (SHARE UPDATE EXCLUSIVE: writes go on).");

    public static readonly LintRule AddCheckWithoutNotValid = new("add-check-without-not-valid", Error, "ADD CHECK without NOT VALID", AccessExclusive, Scan,
        "ADD CONSTRAINT ... CHECK (...) NOT VALID, then VALIDATE CONSTRAINT in a later migration (SHARE UPDATE EXCLUSIVE: writes go on).");

    public static readonly LintRule ValidateInSameTransaction = new("validate-in-same-transaction", Error, "NOT VALID and VALIDATE in one transaction", ShareUpdateExclusive, Scan,
        "Move VALIDATE CONSTRAINT to a later migration, so the scan runs without the ADD CONSTRAINT lock still held.");

    public static readonly LintRule AddUniqueWithoutIndex = new("add-unique-without-index", Error, "ADD UNIQUE / PRIMARY KEY building its own index", AccessExclusive, Scan,
        "CREATE UNIQUE INDEX CONCURRENTLY ix ON t (col) in a migration without a transaction, then ALTER TABLE t ADD CONSTRAINT c UNIQUE USING INDEX ix (or PRIMARY KEY USING INDEX ix).");

    public static readonly LintRule CreateIndexWithoutConcurrently = new("create-index-without-concurrently", Error, "CREATE INDEX without CONCURRENTLY", Share, Scan,
        "CREATE INDEX CONCURRENTLY in a migration whose transaction mode is none.");

    public static readonly LintRule DropIndexWithoutConcurrently = new("drop-index-without-concurrently", Error, "DROP INDEX without CONCURRENTLY", AccessExclusive, TableWork.None,
        "DROP INDEX CONCURRENTLY in a migration whose transaction mode is none.");

    public static readonly LintRule ConcurrentlyInTransaction = new("concurrently-in-transaction", Error, "A statement that cannot run inside a transaction", TableLock.None, TableWork.None,
        "Put the statement in its own migration with transaction mode none (one statement per migration, so a failure leaves nothing half done).");

    public static readonly LintRule VacuumFull = new("vacuum-full", Error, "VACUUM FULL", AccessExclusive, Rewrite,
        "Use plain VACUUM (no exclusive lock), or an online repack tool such as pg_repack outside migrations.");

    public static readonly LintRule Cluster = new("cluster", Error, "CLUSTER", AccessExclusive, Rewrite,
        "Run CLUSTER by hand in a maintenance window, or use an online repack tool; do not put it in a migration.");

    public static readonly LintRule ReindexWithoutConcurrently = new("reindex-without-concurrently", Error, "REINDEX without CONCURRENTLY", Share, Rewrite,
        "REINDEX ... CONCURRENTLY (PostgreSQL 12+) in a migration whose transaction mode is none.");

    public static readonly LintRule CharType = new("char-type", Warning, "char(n) column", TableLock.None, TableWork.None,
        "Use text (with a CHECK (char_length(col) = n) constraint if the length matters); char(n) pads with spaces and is no faster.");

    public static readonly LintRule TimestampWithoutTimeZone = new("timestamp-without-time-zone", Warning, "timestamp without time zone", TableLock.None, TableWork.None,
        "Use timestamptz: it stores an instant, and converting later rewrites the table.");

    public static readonly LintRule IntPrimaryKey = new("int-primary-key", Warning, "int or serial primary key", TableLock.None, TableWork.None,
        "Use bigint GENERATED ALWAYS AS IDENTITY; widening an int key later rewrites the table and every referencing table.");

    public static readonly LintRule JsonType = new("json-type", Warning, "json instead of jsonb", TableLock.None, TableWork.None,
        "Use jsonb: it is indexable, compares by value and is parsed once on write.");

    public static readonly LintRule VarcharLength = new("varchar-length", Warning, "varchar(n) column", TableLock.None, TableWork.None,
        "Use text, with CHECK (char_length(col) <= n) if a limit matters; a CHECK can be changed NOT VALID without a lock-heavy type change.");

    public static readonly LintRule ForeignKeyWithoutIndex = new("foreign-key-without-index", Warning, "Foreign key column without an index", TableLock.None, TableWork.None,
        "CREATE INDEX (CONCURRENTLY on an existing table) on the referencing column; without it every delete or key update on the parent scans this table.");

    public static readonly LintRule MissingLockTimeout = new("missing-lock-timeout", Error, "ACCESS EXCLUSIVE without lock_timeout", AccessExclusive, TableWork.None,
        "Start the script with SET lock_timeout = '5s' (the runner retries): a waiting ACCESS EXCLUSIVE request queues every later query on the table behind it.");

    public static readonly LintRule AllowWithoutReason = new("allow-without-reason", Error, "keel:allow without a reason", TableLock.None, TableWork.None,
        "Write `-- keel:allow <rule-id> because <reason>`.");

    public static readonly LintRule AllowUnknownRule = new("allow-unknown-rule", Error, "keel:allow names an unknown rule", TableLock.None, TableWork.None,
        "Use a rule id from the catalogue (MigrationLinter.Rules, docs/migrations-lint.md).");

    public static readonly IReadOnlyList<LintRule> All =
    [
        DropTable, DropColumn, DropSchema, DropDatabase, Truncate, DeleteWithoutWhere, UpdateWithoutWhere,
        RenameColumn, RenameTable, ChangeColumnType, AddColumnVolatileDefault, AddColumnNotNullWithoutDefault,
        SetNotNull, AddForeignKeyWithoutNotValid, AddCheckWithoutNotValid, ValidateInSameTransaction,
        AddUniqueWithoutIndex, CreateIndexWithoutConcurrently, DropIndexWithoutConcurrently, ConcurrentlyInTransaction,
        VacuumFull, Cluster, ReindexWithoutConcurrently, CharType, TimestampWithoutTimeZone, IntPrimaryKey, JsonType,
        VarcharLength, ForeignKeyWithoutIndex, MissingLockTimeout, AllowWithoutReason, AllowUnknownRule,
    ];

    public static LintRule? Find(string id)
    {
        foreach (var rule in All)
        {
            if (rule.Id == id)
                return rule;
        }

        return null;
    }
}
