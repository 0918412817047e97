namespace Keel.Tests;

public sealed class SqlTextTests
{
    [Fact]
    public void Holes_render_as_numbered_placeholders_past_nine()
    {
        int a = 1, b = 2, c = 3, d = 4, e = 5, f = 6, g = 7, h = 8, i = 9, j = 10, k = 11;
        Sql sql = $"SELECT {a}, {b}, {c}, {d}, {e}, {f}, {g}, {h}, {i}, {j}, {k} WHERE x = 'literal'";

        Assert.Equal("SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11 WHERE x = 'literal'", sql.Text);
        Assert.Equal(11, sql.ParameterCount);
    }

    [Fact]
    public void Spliced_fragments_are_renumbered_in_one_sequence()
    {
        var id = 7;
        var name = "x";
        Sql where = $"name = {name}";
        Sql sql = $"SELECT id FROM users WHERE id = {id} AND {where}";

        Assert.Equal("SELECT id FROM users WHERE id = $1 AND name = $2", sql.Text);
    }

    [Fact]
    public void Raw_text_without_holes_renders_verbatim()
    {
        Assert.Equal("SELECT 1", Sql.Raw("SELECT 1").Text);
        Assert.Equal(string.Empty, Sql.Empty.Text);
    }
}
