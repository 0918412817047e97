namespace Keel.Tests;

/// <summary>Classic SQL injection payloads passed as values must be stored verbatim and change nothing else.</summary>
public sealed class InjectionTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    public static readonly string[] Payloads =
    [
        "' OR 1=1 --",
        "' OR '1'='1",
        "' OR '1'='1' --",
        "' OR '1'='1' /*",
        "\" OR \"1\"=\"1",
        "'; DROP TABLE users; --",
        "'; DROP TABLE victims; --",
        "1; DROP TABLE victims",
        "'); DROP TABLE victims; --",
        "'; DELETE FROM victims; --",
        "'; UPDATE victims SET secret = 'pwned'; --",
        "'; INSERT INTO victims (name, secret) VALUES ('x', 'y'); --",
        "'; TRUNCATE victims; --",
        "'; ALTER TABLE victims DROP COLUMN secret; --",
        "'; CREATE TABLE pwned (x int); --",
        "'; GRANT ALL ON victims TO PUBLIC; --",
        "'; COPY victims TO '/tmp/pwned'; --",
        "'; SELECT pg_sleep(10); --",
        "' AND pg_sleep(10) IS NULL --",
        "' UNION SELECT secret FROM victims --",
        "' UNION ALL SELECT NULL, NULL, NULL --",
        "admin'--",
        "admin' #",
        "admin'/*",
        "*/ OR 1=1 /*",
        "/**/OR/**/1=1",
        "' OR 1=1; --",
        "1 OR 1=1",
        "1' AND '1'='2",
        "' HAVING 1=1 --",
        "' GROUP BY name HAVING 1=1 --",
        "' ORDER BY 1 --",
        "$$; DROP TABLE victims; $$",
        "$1",
        "$1; DROP TABLE victims",
        "@p0",
        ":name",
        "?",
        "\\'; DROP TABLE victims; --",
        "\\\\'; DROP TABLE victims; --",
        "E'\\x27; DROP TABLE victims; --",
        "%27%3B%20DROP%20TABLE%20victims%3B--",
        "\u02bc OR 1=1 --",
        "\u2019; DROP TABLE victims; --",
        "\uff07 OR 1=1 --",
        "\u2018 OR \u20181\u2019=\u20191",
        "'||(SELECT secret FROM victims LIMIT 1)||'",
        "' || pg_read_file('/etc/passwd') || '",
        "'; SET ROLE postgres; --",
        "'; COMMIT; DROP TABLE victims; BEGIN; --",
        "'; END; DROP TABLE victims; --",
        "\0' OR 1=1",
        "'\r\n; DROP TABLE victims; --",
        "'\t OR\t1=1",
        "Robert'); DROP TABLE students;--",
        "x' AND 1=(SELECT COUNT(*) FROM victims); --",
        "'; LISTEN x; NOTIFY x; --",
        "'-- \n DROP TABLE victims",
    ];

    public static TheoryData<int> PayloadIndexes()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < Payloads.Length; i++)
            data.Add(i);
        return data;
    }

    [Fact]
    public void There_are_at_least_fifty_payloads() => Assert.True(Payloads.Length >= 50);

    [Theory]
    [MemberData(nameof(PayloadIndexes))]
    public async Task A_payload_passed_as_a_value_is_stored_verbatim_and_nothing_else_changes(int index)
    {
        // PostgreSQL text cannot hold NUL; the driver refuses it rather than truncating, which is also safe.
        var payload = Payloads[index].Replace("\0", string.Empty, StringComparison.Ordinal);
        var table = "victims_" + index;
        await using var s = await db.Keel.OpenSessionAsync();
        await s.ExecuteAsync($"CREATE TABLE {Sql.Identifier(table)} (id serial PRIMARY KEY, name text NOT NULL, secret text NOT NULL)");
        await s.ExecuteAsync($"INSERT INTO {Sql.Identifier(table)} (name, secret) VALUES ('alice', 's3cret'), ('bob', 'hunter2')");
        var tablesBefore = await s.ScalarAsync<long>($"SELECT count(*) FROM pg_tables WHERE schemaname = 'public'");

        var id = await s.ScalarAsync<int>($"INSERT INTO {Sql.Identifier(table)} (name, secret) VALUES ({payload}, {payload}) RETURNING id");
        var matches = await s.QueryAsync<string>($"SELECT name FROM {Sql.Identifier(table)} WHERE name = {payload}");
        var like = await s.ScalarAsync<long>($"SELECT count(*) FROM {Sql.Identifier(table)} WHERE secret LIKE {payload}");

        Assert.Equal(payload, await s.ScalarAsync<string>($"SELECT name FROM {Sql.Identifier(table)} WHERE id = {id}"));
        Assert.Equal([payload], matches);
        Assert.True(like <= 1);
        Assert.Equal(3L, await s.ScalarAsync<long>($"SELECT count(*) FROM {Sql.Identifier(table)}"));
        Assert.Equal(["s3cret", "hunter2"], await s.QueryAsync<string>($"SELECT secret FROM {Sql.Identifier(table)} WHERE id <= 2 ORDER BY id"));
        Assert.Equal(tablesBefore, await s.ScalarAsync<long>($"SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"));
        Assert.Null(await s.ScalarAsync<string>($"SELECT tablename FROM pg_tables WHERE tablename = 'pwned'"));
    }

    [Theory]
    [InlineData("users; DROP TABLE victims")]
    [InlineData("x\"; DROP TABLE victims; --")]
    public async Task Hostile_identifiers_are_quoted_into_harmless_names(string name)
    {
        await using var s = await db.Keel.OpenSessionAsync();
        await s.ExecuteAsync($"CREATE TABLE {Sql.Identifier(name)} (id int)");
        Assert.Equal(name, await s.ScalarAsync<string>($"SELECT tablename FROM pg_tables WHERE tablename = {name}"));
        await s.ExecuteAsync($"DROP TABLE {Sql.Identifier(name)}");
    }

    [Theory]
    [InlineData("")]
    [InlineData("bad\0name")]
    [InlineData("new\nline")]
    public void Invalid_identifiers_are_rejected_before_any_sql_is_sent(string name)
        => Assert.Throws<ArgumentException>(() => Sql.Identifier(name));
}
