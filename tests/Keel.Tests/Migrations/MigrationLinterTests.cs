namespace Keel.Tests.Migrations;

public sealed class MigrationLinterTests
{
    private static readonly MigrationLinter Linter = new();

    private static List<string> Rules(string script, LintContext? context = null)
        => Linter.Lint(script, "m.sql", context).Select(f => f.Rule).ToList();

    [Theory]
    [InlineData("drop-table", "DROP TABLE users", "CREATE TABLE tmp (id bigint); DROP TABLE tmp")]
    [InlineData("drop-column", "ALTER TABLE users DROP COLUMN email", "ALTER TABLE users DROP CONSTRAINT users_email_key")]
    [InlineData("drop-schema", "DROP SCHEMA old CASCADE", "CREATE SCHEMA fresh")]
    [InlineData("drop-database", "DROP DATABASE app", "SELECT 1")]
    [InlineData("truncate", "TRUNCATE TABLE users", "CREATE TABLE tmp (id bigint); TRUNCATE tmp")]
    [InlineData("delete-without-where", "DELETE FROM users", "DELETE FROM users WHERE id = 1")]
    [InlineData("update-without-where", "UPDATE users SET active = true", "UPDATE users SET active = true WHERE id < 1000")]
    [InlineData("rename-column", "ALTER TABLE users RENAME COLUMN email TO mail", "ALTER TABLE users RENAME CONSTRAINT a TO b")]
    [InlineData("rename-table", "ALTER TABLE users RENAME TO people", "CREATE TABLE t (id bigint); ALTER TABLE t RENAME TO u")]
    [InlineData("change-column-type", "ALTER TABLE users ALTER COLUMN id TYPE bigint", "ALTER TABLE users ALTER COLUMN name TYPE text")]
    [InlineData("add-column-volatile-default", "ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid()", "ALTER TABLE users ADD COLUMN created timestamptz DEFAULT now()")]
    [InlineData("add-column-not-null-without-default", "ALTER TABLE users ADD COLUMN score int NOT NULL", "ALTER TABLE users ADD COLUMN score int NOT NULL DEFAULT 0")]
    [InlineData("set-not-null", "ALTER TABLE users ALTER COLUMN email SET NOT NULL", "ALTER TABLE users VALIDATE CONSTRAINT email_nn; ALTER TABLE users ALTER COLUMN email SET NOT NULL")]
    [InlineData("add-foreign-key-without-not-valid", "ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id)", "ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID")]
    [InlineData("add-check-without-not-valid", "ALTER TABLE users ADD CONSTRAINT c CHECK (age > 0)", "ALTER TABLE users ADD CONSTRAINT c CHECK (age > 0) NOT VALID")]
    [InlineData("validate-in-same-transaction", "ALTER TABLE users ADD CONSTRAINT c CHECK (age > 0) NOT VALID; ALTER TABLE users VALIDATE CONSTRAINT c", "ALTER TABLE users VALIDATE CONSTRAINT c")]
    [InlineData("add-unique-without-index", "ALTER TABLE users ADD CONSTRAINT u UNIQUE (email)", "ALTER TABLE users ADD CONSTRAINT u UNIQUE USING INDEX users_email_ix")]
    [InlineData("create-index-without-concurrently", "CREATE INDEX users_email_ix ON users (email)", "CREATE TABLE t (id bigint, x text); CREATE INDEX t_x_ix ON t (x)")]
    [InlineData("drop-index-without-concurrently", "DROP INDEX users_email_ix", "DROP INDEX CONCURRENTLY users_email_ix")]
    [InlineData("vacuum-full", "VACUUM FULL users", "ANALYZE users")]
    [InlineData("cluster", "CLUSTER users USING users_pkey", "ANALYZE users")]
    [InlineData("reindex-without-concurrently", "REINDEX INDEX users_email_ix", "REINDEX INDEX CONCURRENTLY users_email_ix")]
    [InlineData("char-type", "CREATE TABLE t (id bigint PRIMARY KEY, code char(3))", "CREATE TABLE t (id bigint PRIMARY KEY, code text)")]
    [InlineData("timestamp-without-time-zone", "CREATE TABLE t (id bigint PRIMARY KEY, at timestamp)", "CREATE TABLE t (id bigint PRIMARY KEY, at timestamp with time zone)")]
    [InlineData("int-primary-key", "CREATE TABLE t (id serial PRIMARY KEY)", "CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY)")]
    [InlineData("json-type", "CREATE TABLE t (id bigint PRIMARY KEY, doc json)", "CREATE TABLE t (id bigint PRIMARY KEY, doc jsonb)")]
    [InlineData("varchar-length", "CREATE TABLE t (id bigint PRIMARY KEY, name varchar(50))", "CREATE TABLE t (id bigint PRIMARY KEY, name varchar)")]
    [InlineData("foreign-key-without-index", "CREATE TABLE o (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id))", "CREATE TABLE o (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id)); CREATE INDEX o_user_ix ON o (user_id)")]
    public void Rule_flags_the_risky_form_and_not_the_safe_one(string rule, string risky, string safe)
    {
        Assert.Contains(rule, Rules(risky));
        Assert.DoesNotContain(rule, Rules(safe));
    }

    [Theory]
    [InlineData("CREATE INDEX CONCURRENTLY ix ON users (email)")]
    [InlineData("DROP INDEX CONCURRENTLY ix")]
    [InlineData("REINDEX TABLE CONCURRENTLY users")]
    [InlineData("ALTER TABLE events DETACH PARTITION events_2020 CONCURRENTLY")]
    [InlineData("VACUUM users")]
    [InlineData("CREATE DATABASE other")]
    [InlineData("ALTER SYSTEM SET work_mem = '64MB'")]
    public void Statements_that_cannot_run_in_a_transaction_are_flagged_only_in_transactional_migrations(string sql)
    {
        Assert.Contains("concurrently-in-transaction", Rules(sql));
        Assert.DoesNotContain("concurrently-in-transaction", Rules(sql, new LintContext { InTransaction = false }));
        Assert.True(MigrationLinter.CannotRunInTransaction(SqlScript.Split(sql)[0]));
    }

    [Theory]
    [InlineData("CREATE INDEX ix ON users (email)")]
    [InlineData("ALTER TABLE users ADD COLUMN x int")]
    [InlineData("SELECT 'VACUUM' /* CREATE INDEX CONCURRENTLY */")]
    public void Ordinary_statements_can_run_in_a_transaction(string sql)
        => Assert.False(MigrationLinter.CannotRunInTransaction(SqlScript.Split(sql)[0]));

    [Fact]
    public void Validate_in_a_migration_without_a_transaction_is_fine()
        => Assert.Empty(Rules("ALTER TABLE users ADD CONSTRAINT c CHECK (age > 0) NOT VALID; ALTER TABLE users VALIDATE CONSTRAINT c", new LintContext { InTransaction = false }));

    [Fact]
    public void Missing_lock_timeout_is_reported_once_only_when_the_runner_does_not_set_it()
    {
        var noDefault = new LintContext { RunnerSetsLockTimeout = false };
        const string script = "ALTER TABLE users DROP COLUMN a; ALTER TABLE users DROP COLUMN b";

        Assert.Single(Rules(script, noDefault), "missing-lock-timeout");
        Assert.DoesNotContain("missing-lock-timeout", Rules(script));
        Assert.DoesNotContain("missing-lock-timeout", Rules("SET lock_timeout = '5s'; " + script, noDefault));
        Assert.DoesNotContain("missing-lock-timeout", Rules("CREATE TABLE t (id bigint PRIMARY KEY); ALTER TABLE t ADD COLUMN x text", noDefault));
    }

    [Theory]
    [InlineData("ALTER TABLE users ALTER COLUMN name TYPE varchar(200)")]
    [InlineData("ALTER TABLE users ALTER COLUMN name SET DATA TYPE character varying")]
    [InlineData("CREATE TABLE t (id bigint PRIMARY KEY, n varchar(10)); ALTER TABLE t ALTER COLUMN n TYPE text")]
    public void Binary_coercible_type_changes_are_allowed(string script)
        => Assert.DoesNotContain("change-column-type", Rules(script));

    [Theory]
    [InlineData("ALTER TABLE users ALTER COLUMN name TYPE text USING name::text")]
    [InlineData("ALTER TABLE users ALTER COLUMN amount TYPE numeric(12,2)")]
    [InlineData("ALTER TABLE users ADD COLUMN n varchar(20); ALTER TABLE users ALTER COLUMN n TYPE varchar(10)")]
    public void Type_changes_that_rewrite_or_scan_are_flagged(string script)
        => Assert.Contains("change-column-type", Rules(script));

    [Theory]
    [InlineData("ALTER TABLE users ADD COLUMN n bigserial")]
    [InlineData("ALTER TABLE users ADD COLUMN n bigint GENERATED ALWAYS AS IDENTITY")]
    [InlineData("ALTER TABLE users ADD COLUMN at timestamptz DEFAULT clock_timestamp()")]
    [InlineData("ALTER TABLE users ADD COLUMN n bigint DEFAULT nextval('s')")]
    public void Columns_filled_per_row_are_rewrites(string script)
        => Assert.Contains("add-column-volatile-default", Rules(script));

    [Fact]
    public void Keywords_in_strings_comments_identifiers_and_function_bodies_are_not_seen()
    {
        const string script = """
            -- DROP TABLE users; TRUNCATE users; DELETE FROM users
            /* ALTER TABLE users DROP COLUMN email; /* nested: VACUUM FULL */ CLUSTER */
            CREATE TABLE audit (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, note text DEFAULT 'DROP TABLE users; DELETE FROM users');
            INSERT INTO audit (note) VALUES ('TRUNCATE users'), (E'it\'s; VACUUM FULL users'), ($q$ALTER TABLE users RENAME TO x$q$);
            SELECT 1 AS "DROP TABLE users", 2 AS "delete";
            CREATE FUNCTION purge() RETURNS void LANGUAGE plpgsql AS $$
            BEGIN
              DROP TABLE users;
              DELETE FROM users;
              UPDATE users SET x = 1;
              ALTER TABLE users ALTER COLUMN id TYPE bigint;
              CREATE INDEX ix ON users (email);
            END $$;
            """;

        Assert.Empty(Linter.Lint(script));
    }

    [Fact]
    public void Allow_with_a_reason_directly_above_suppresses_that_statement_only()
    {
        const string script = """
            -- keel:allow drop-column because the column was unused since release 41
            ALTER TABLE users DROP COLUMN legacy;
            ALTER TABLE users DROP COLUMN other;
            """;

        var findings = Linter.Lint(script);

        var finding = Assert.Single(findings);
        Assert.Equal(("drop-column", 3), (finding.Rule, finding.Line));
    }

    [Fact]
    public void Allow_in_a_header_block_suppresses_the_rule_for_the_whole_script()
    {
        const string script = """
            /* keel:allow drop-column, drop-table because the billing v1 tables were retired in ADR 12 */

            ALTER TABLE invoices DROP COLUMN legacy;
            ALTER TABLE invoices DROP COLUMN other;
            DROP TABLE invoices_v1;
            """;

        Assert.Empty(Linter.Lint(script));
    }

    [Fact]
    public void Allow_on_the_same_line_after_a_statement_suppresses_that_statement()
        => Assert.Empty(Linter.Lint("DROP TABLE t; -- keel:allow drop-table because replaced by t2 in 0041"));

    [Fact]
    public void Allow_without_a_reason_suppresses_nothing_and_is_an_error()
    {
        const string script = "-- keel:allow drop-table\nDROP TABLE users;";

        var findings = Linter.Lint(script, "0042_drop.sql");

        Assert.Equal(["allow-without-reason", "drop-table"], findings.Select(f => f.Rule));
        Assert.Equal(new LintFinding("0042_drop.sql", 1, 1, "allow-without-reason", LintSeverity.Error, findings[0].Message, findings[0].SafeAlternative), findings[0]);
    }

    [Fact]
    public void Allow_with_an_unknown_rule_is_an_error()
        => Assert.Equal(["allow-unknown-rule", "drop-table"], Rules("-- keel:allow drop-tables because typo\nDROP TABLE users"));

    [Fact]
    public void Findings_point_at_the_offending_clause()
    {
        const string script = "SELECT 1;\n\n  ALTER TABLE users\n    ADD COLUMN n int,\n    DROP COLUMN email;";

        var finding = Assert.Single(Linter.Lint(script, "0007.sql"));

        Assert.Equal(("0007.sql", 5, 5, "drop-column", LintSeverity.Error), (finding.File, finding.Line, finding.Column, finding.Rule, finding.Severity));
        Assert.Contains("ACCESS EXCLUSIVE", finding.Message, StringComparison.Ordinal);
        Assert.Equal("0007.sql:5:5: error drop-column: " + finding.Message, finding.ToString());
    }

    [Fact]
    public void Messages_name_the_lock_and_the_rewrite_or_scan()
    {
        var rewrite = Assert.Single(Linter.Lint("ALTER TABLE users ALTER COLUMN id TYPE bigint"));
        var scan = Assert.Single(Linter.Lint("CREATE INDEX ix ON users (email)"));

        Assert.Contains("ACCESS EXCLUSIVE on \"users\" and rewrites the table", rewrite.Message, StringComparison.Ordinal);
        Assert.Contains("SHARE on \"users\" and scans every row", scan.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Catalogue_has_unique_kebab_case_ids_and_every_finding_uses_one()
    {
        var ids = MigrationLinter.Rules.Select(r => r.Id).ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches("^[a-z]+(-[a-z]+)*$", id));
        Assert.All(MigrationLinter.Rules, r => Assert.False(string.IsNullOrWhiteSpace(r.SafeAlternative)));
        Assert.Equal("ACCESS EXCLUSIVE", MigrationLinter.Rules.Single(r => r.Id == "drop-table").LockName);
        Assert.Equal(LintSeverity.Warning, MigrationLinter.Rules.Single(r => r.Id == "varchar-length").Severity);
    }

    [Fact]
    public void A_safe_expand_migration_is_clean()
    {
        const string script = """
            CREATE TABLE orders (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                customer_id bigint NOT NULL REFERENCES customers (id),
                placed_at timestamptz NOT NULL DEFAULT now(),
                body jsonb NOT NULL DEFAULT '{}'
            );
            CREATE INDEX orders_customer_ix ON orders (customer_id);
            ALTER TABLE customers ADD COLUMN tier text NOT NULL DEFAULT 'basic';
            ALTER TABLE customers ADD CONSTRAINT tier_ok CHECK (tier IN ('basic', 'gold')) NOT VALID;
            """;

        Assert.Empty(Linter.Lint(script));
    }
}
