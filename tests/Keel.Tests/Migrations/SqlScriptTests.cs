namespace Keel.Tests.Migrations;

public sealed class SqlScriptTests
{
    [Fact]
    public void Splits_at_top_level_semicolons_and_trims()
    {
        var statements = SqlScript.Split("CREATE TABLE a (id int);\n  INSERT INTO a VALUES (1) ;\nSELECT 1");

        Assert.Equal(["CREATE TABLE a (id int)", "INSERT INTO a VALUES (1)", "SELECT 1"], statements.Select(s => s.Text));
    }

    [Fact]
    public void Positions_are_those_of_the_first_token()
    {
        var statements = SqlScript.Split("-- header\n\n  SELECT 1;   SELECT 2;\n\tSELECT\n3;");

        Assert.Equal(new SqlStatement("SELECT 1", 3, 3), statements[0]);
        Assert.Equal(new SqlStatement("SELECT 2", 3, 15), statements[1]);
        Assert.Equal(new SqlStatement("SELECT\n3", 4, 2), statements[2]);
    }

    [Fact]
    public void Semicolons_in_strings_do_not_split()
    {
        var statements = SqlScript.Split("SELECT 'a;b', 'it''s; fine';SELECT 2");

        Assert.Equal(["SELECT 'a;b', 'it''s; fine'", "SELECT 2"], statements.Select(s => s.Text));
    }

    [Fact]
    public void Escape_strings_honour_backslash_escaped_quotes()
    {
        var statements = SqlScript.Split(@"SELECT E'it\'s; here', e'\\';SELECT 2");

        Assert.Equal([@"SELECT E'it\'s; here', e'\\'", "SELECT 2"], statements.Select(s => s.Text));
    }

    [Fact]
    public void A_backslash_in_a_plain_string_is_an_ordinary_character()
    {
        var statements = SqlScript.Split(@"SELECT 'C:\';SELECT 2");

        Assert.Equal([@"SELECT 'C:\'", "SELECT 2"], statements.Select(s => s.Text));
    }

    [Fact]
    public void Semicolons_in_quoted_identifiers_do_not_split()
    {
        var statements = SqlScript.Split("SELECT 1 AS \"a;\"\"b\";SELECT 2");

        Assert.Equal(["SELECT 1 AS \"a;\"\"b\"", "SELECT 2"], statements.Select(s => s.Text));
    }

    [Fact]
    public void Semicolons_in_line_and_nested_block_comments_do_not_split()
    {
        var statements = SqlScript.Split("SELECT 1 -- no; split\n+ 1 /* outer; /* inner; */ still; */ ;SELECT 2");

        Assert.Equal(2, statements.Count);
        Assert.Equal("SELECT 1 -- no; split\n+ 1 /* outer; /* inner; */ still; */", statements[0].Text);
    }

    [Fact]
    public void Dollar_quoted_bodies_do_not_split()
    {
        const string script = """
            CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$
            BEGIN
              DELETE FROM t; RAISE NOTICE 'x;';
            END $$;
            DO $body$ BEGIN PERFORM 1; PERFORM $$inner;$$; END $body$;
            SELECT 3
            """;

        var statements = SqlScript.Split(script);

        Assert.Equal(3, statements.Count);
        Assert.EndsWith("END $$", statements[0].Text, StringComparison.Ordinal);
        Assert.Equal("DO $body$ BEGIN PERFORM 1; PERFORM $$inner;$$; END $body$", statements[1].Text);
        Assert.Equal(new SqlStatement("SELECT 3", 6, 1), statements[2]);
    }

    [Fact]
    public void Positional_parameters_and_dollars_in_identifiers_are_not_dollar_quotes()
    {
        var statements = SqlScript.Split("SELECT $1, a$$b FROM t;SELECT 2");

        Assert.Equal(["SELECT $1, a$$b FROM t", "SELECT 2"], statements.Select(s => s.Text));
    }

    [Fact]
    public void Begin_atomic_bodies_do_not_split()
    {
        const string script = """
            CREATE OR REPLACE FUNCTION f(x int) RETURNS int LANGUAGE sql
            BEGIN ATOMIC
              SELECT CASE WHEN x > 0 THEN 1 ELSE 0 END;
              SELECT 2;
            END;
            BEGIN;
            SELECT 3;
            END;
            """;

        var statements = SqlScript.Split(script);

        Assert.Equal(4, statements.Count);
        Assert.EndsWith("SELECT 2;\nEND", statements[0].Text, StringComparison.Ordinal);
        Assert.Equal(["BEGIN", "SELECT 3", "END"], statements.Skip(1).Select(s => s.Text));
    }

    [Fact]
    public void Statements_made_only_of_comments_are_dropped()
    {
        var statements = SqlScript.Split("-- only a comment;\n/* and; another */ ;;\n;SELECT 1;\n-- trailing");

        Assert.Equal([new SqlStatement("SELECT 1", 3, 2)], statements);
    }

    [Fact]
    public void Empty_and_whitespace_scripts_have_no_statements()
    {
        Assert.Empty(SqlScript.Split(""));
        Assert.Empty(SqlScript.Split("  \n\t "));
    }

    [Fact]
    public void Unterminated_constructs_run_to_the_end_without_throwing()
    {
        Assert.Equal(["SELECT 'open; string"], SqlScript.Split("SELECT 'open; string").Select(s => s.Text));
        Assert.Equal(["SELECT $$ open; body"], SqlScript.Split("SELECT $$ open; body").Select(s => s.Text));
        Assert.Equal(["SELECT 1 /* open; comment"], SqlScript.Split("SELECT 1 /* open; comment").Select(s => s.Text));
    }

    [Fact]
    public void Null_script_throws_ArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => SqlScript.Split(null!));
    }

    [Fact]
    public void Tokenizer_never_reports_keywords_inside_strings_comments_or_bodies()
    {
        const string script = "SELECT 'DROP TABLE x', \"drop\" -- DROP TABLE\n/* DROP */ FROM $$ DROP TABLE $$, E'\\' DROP'";

        var words = SqlTokenizer.Tokenize(script).Where(t => t.Is("drop")).ToList();

        Assert.Empty(words);
    }

    [Fact]
    public void Tokenizer_classifies_tokens_with_positions()
    {
        var tokens = SqlTokenizer.Tokenize("SELECT \"A\"\"b\", 'x', $t$y$t$, 1.5e-3, a::int -- c\n/* d */ $2;");

        Assert.Equal(
            [
                (SqlTokenKind.Word, "SELECT", 1, 1), (SqlTokenKind.QuotedIdentifier, "\"A\"\"b\"", 1, 8), (SqlTokenKind.Punctuation, ",", 1, 14),
                (SqlTokenKind.String, "'x'", 1, 16), (SqlTokenKind.Punctuation, ",", 1, 19), (SqlTokenKind.DollarString, "$t$y$t$", 1, 21),
                (SqlTokenKind.Punctuation, ",", 1, 28), (SqlTokenKind.Number, "1.5e-3", 1, 30), (SqlTokenKind.Punctuation, ",", 1, 36),
                (SqlTokenKind.Word, "a", 1, 38), (SqlTokenKind.Operator, "::", 1, 39), (SqlTokenKind.Word, "int", 1, 41),
                (SqlTokenKind.Comment, "-- c", 1, 45), (SqlTokenKind.Comment, "/* d */", 2, 1), (SqlTokenKind.Operator, "$2", 2, 9),
                (SqlTokenKind.Punctuation, ";", 2, 11),
            ],
            tokens.Select(t => (t.Kind, t.Text, t.Line, t.Column)));
        Assert.Equal("A\"b", tokens[1].Name);
        Assert.Equal("select", tokens[0].Name);
    }
}
