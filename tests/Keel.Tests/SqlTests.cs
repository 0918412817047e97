namespace Keel.Tests;

/// <summary>The Sql type alone: no database needed.</summary>
public sealed class SqlTests
{
    [Fact]
    public void Holes_become_numbered_placeholders_and_never_text()
    {
        var id = 42;
        var name = "O'Brien";
        Sql sql = $"SELECT * FROM users WHERE id = {id} AND name = {name}";
        Assert.Equal("SELECT * FROM users WHERE id = $1 AND name = $2", sql.Text);
        Assert.Equal(2, sql.ParameterCount);
        Assert.DoesNotContain("O'Brien", sql.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Nested_fragments_are_spliced_and_renumbered()
    {
        var minAge = 18;
        var city = "Oslo";
        Sql filter = $"age >= {minAge} AND city = {city}";
        var limit = 10;
        Sql sql = $"SELECT id FROM {Sql.Identifier("people")} WHERE {filter} LIMIT {limit}";
        Assert.Equal("SELECT id FROM \"people\" WHERE age >= $1 AND city = $2 LIMIT $3", sql.Text);
        Assert.Equal(3, sql.ParameterCount);
        Assert.Equal("age >= $1 AND city = $2", filter.Text);
    }

    [Fact]
    public void Join_composes_fragments_with_a_separator()
    {
        var a = 1;
        var b = 2;
        var joined = Sql.Join(" OR ", [(Sql)$"x = {a}", (Sql)$"y = {b}"]);
        Sql sql = $"SELECT 1 WHERE {joined}";
        Assert.Equal("SELECT 1 WHERE x = $1 OR y = $2", sql.Text);
    }

    [Theory]
    [InlineData("users", "\"users\"")]
    [InlineData("Order Items", "\"Order Items\"")]
    [InlineData("we\"ird", "\"we\"\"ird\"")]
    [InlineData("ünïcødé", "\"ünïcødé\"")]
    public void Identifier_quotes_and_escapes(string name, string expected)
        => Assert.Equal(expected, Sql.Identifier(name).Text);

    [Fact]
    public void Qualified_identifier_quotes_each_part()
        => Assert.Equal("\"sales\".\"orders\"", Sql.Identifier("sales", "orders").Text);

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("bad\0name")]
    [InlineData("line\nbreak")]
    [InlineData("tab\tname")]
    [InlineData("a_name_that_is_far_too_long_for_postgresql_identifiers_to_hold_it")]
    public void Bad_identifiers_are_rejected(string name)
        => Assert.Throws<ArgumentException>(() => Sql.Identifier(name));

    [Fact]
    public void Format_specifiers_are_refused()
    {
        var value = 3.5;
        Assert.Throws<ArgumentException>(() =>
        {
            Sql sql = $"SELECT {value:F2}";
            return sql;
        });
    }

    [Fact]
    public void Raw_text_is_inserted_verbatim_and_has_no_parameters()
    {
        var sql = Sql.Raw("SELECT now()");
        Assert.Equal("SELECT now()", sql.Text);
        Assert.Equal(0, sql.ParameterCount);
    }

    [Fact]
    public void Row_lock_options_append_the_locking_clause()
    {
        Assert.Equal("SELECT 1 FOR UPDATE NOWAIT", CommandOptions.WithLock(RowLock.ForUpdate, LockWait.NoWait).Apply("SELECT 1;"));
        Assert.Equal("SELECT 1 FOR NO KEY UPDATE SKIP LOCKED", CommandOptions.WithLock(RowLock.ForNoKeyUpdate, LockWait.SkipLocked).Apply("SELECT 1"));
        Assert.Equal("SELECT 1 FOR SHARE", CommandOptions.WithLock(RowLock.ForShare).Apply("SELECT 1"));
        Assert.Throws<InvalidOperationException>(() => new CommandOptions { LockWait = LockWait.NoWait }.Apply("SELECT 1"));
    }

    [Fact]
    public void Parameters_are_redacted_in_descriptions_unless_allowed()
    {
        var secret = "hunter2";
        Sql sql = $"SELECT {secret}";
        var redacted = CommandExecutor.DescribeParameters(sql, includeValues: false);
        Assert.DoesNotContain("hunter2", redacted, StringComparison.Ordinal);
        Assert.Contains("<redacted String>", redacted, StringComparison.Ordinal);
        Assert.Contains("hunter2", CommandExecutor.DescribeParameters(sql, includeValues: true), StringComparison.Ordinal);
    }

    [Fact]
    public void Pool_sizing_follows_the_community_formula()
    {
        Assert.Equal(9, PoolSizing.Recommend(4, 1));
        Assert.Equal(16, PoolSizing.Recommend(8, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => PoolSizing.Recommend(0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => PoolSizing.Recommend(4, -1));
    }

    [Fact]
    public void Advisory_lock_keys_are_stable()
    {
        Assert.Equal(AdvisoryLockKey.From("migrations"), AdvisoryLockKey.From("migrations"));
        Assert.NotEqual(AdvisoryLockKey.From("migrations"), AdvisoryLockKey.From("migration"));
        // FNV-1a 64 of "a" is a published test vector: 0xaf63dc4c8601ec8c.
        Assert.Equal(unchecked((long)0xaf63dc4c8601ec8cUL), AdvisoryLockKey.From("a"));
    }
}
