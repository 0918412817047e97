// These lambdas are expression trees translated to SQL, never run: the string-comparison analyzers' advice
// (char overloads, StringComparison for case) is about .NET execution and would change what is being tested.
#pragma warning disable CA1862, CA1865, CA1866

namespace Keel.Tests;

public sealed partial class ExpressionTranslatorTests
{
    [Fact]
    public void StartsWith_EndsWith_and_Contains_become_like_patterns()
    {
        var starts = Where(x => x.Name.StartsWith("ab"));
        var ends = Where(x => x.Name.EndsWith("ab"));
        var contains = Where(x => x.Name.Contains("ab"));

        Assert.Equal("m:Name LIKE $1 ESCAPE '\\'", starts.Text);
        Assert.Equal(["ab%"], Parameters(starts));
        Assert.Equal(["%ab"], Parameters(ends));
        Assert.Equal(["%ab%"], Parameters(contains));
        Assert.Equal(["%a%"], Parameters(Where(x => x.Name.Contains('a'))));
    }

    [Fact]
    public void Like_patterns_escape_percent_underscore_and_backslash()
    {
        var sql = Where(x => x.Name.StartsWith("50%_a\\b"));

        Assert.Equal(["50\\%\\_a\\\\b%"], Parameters(sql));
    }

    [Fact]
    public void Ordinal_ignore_case_is_ilike_and_a_negated_like_keeps_nulls()
    {
        Assert.Equal("m:Name ILIKE $1 ESCAPE '\\'", Where(x => x.Name.EndsWith("z", StringComparison.OrdinalIgnoreCase)).Text);
        Assert.Equal("m:Name LIKE $1 ESCAPE '\\'", Where(x => x.Name.EndsWith("z", StringComparison.Ordinal)).Text);
        Assert.Equal("(m:Name LIKE $1 ESCAPE '\\') IS NOT TRUE", Where(x => !x.Name.StartsWith("a")).Text);
    }

    [Fact]
    public void ToLower_and_ToUpper_wrap_the_member_and_skip_the_equality_form()
    {
        var sql = Where(x => x.Name.ToLower() == "abc");

        Assert.Equal("lower(m:Name) = $1", sql.Text);
        Assert.Equal(["abc"], Parameters(sql));
        Assert.Equal("upper(m:Name) LIKE $1 ESCAPE '\\'", Where(x => x.Name.ToUpperInvariant().StartsWith("AB")).Text);
        Assert.Equal("lower(m:RegNo) = $1", Where(x => x.RegNo.ToLowerInvariant() == "ab123").Text);
        Assert.Equal("lower(m:Name) IS NOT DISTINCT FROM lower(m:Address.City)", Where(x => x.Name.ToLower() == x.Address.City.ToLower()).Text);
    }

    [Fact]
    public void IsNullOrEmpty_checks_null_or_the_empty_string()
    {
        Assert.Equal("((m:Nick IS NULL) OR m:Nick = '')", Where(x => string.IsNullOrEmpty(x.Nick)).Text);
        Assert.Equal("((m:Nick IS NOT NULL) AND m:Nick <> '')", Where(x => !string.IsNullOrEmpty(x.Nick)).Text);
    }

    [Fact]
    public void Equals_calls_mean_equality()
    {
        Assert.Equal("m:Name = $1", Where(x => x.Name.Equals("a")).Text);
        Assert.Equal("m:Name = $1", Where(x => string.Equals(x.Name, "a")).Text);
        Assert.Equal("m:Year IS DISTINCT FROM $1", Where(x => !x.Year.Equals(3)).Text);
    }

    [Fact]
    public void A_captured_array_contains_the_member_as_any_of_a_typed_array()
    {
        var ids = new[] { Guid.NewGuid(), Guid.NewGuid() };

        var sql = Where(x => ids.Contains(x.Id));

        Assert.Equal("m:Id = ANY($1)", sql.Text);
        var bound = Assert.IsType<Guid[]>(Assert.Single(Parameters(sql)));
        Assert.Equal(ids, bound);
    }

    [Fact]
    public void Lists_sets_sequences_and_Enumerable_Contains_all_become_any()
    {
        var names = new List<string> { "a", "b" };
        var years = new HashSet<int> { 1999 };
        IEnumerable<string> lazy = names.Where(n => n != "b");

        Assert.Equal("m:Name = ANY($1)", Where(x => names.Contains(x.Name)).Text);
        Assert.IsType<string[]>(Parameters(Where(x => names.Contains(x.Name)))[0]);
        Assert.Equal([new[] { 1999 }], Parameters(Where(x => years.Contains(x.Year))));
        Assert.Equal([new[] { "a" }], Parameters(Where(x => lazy.Contains(x.Name))));
        Assert.Equal([new[] { "a", "b" }], Parameters(Where(x => Enumerable.Contains(names, x.Name))));
        Assert.Equal([new[] { 2, 3 }], Parameters(Where(x => new[] { 1, 2, 3 }.Where(v => v > 1).Contains(x.Year))));
    }

    [Fact]
    public void An_empty_collection_contains_nothing()
    {
        var none = Array.Empty<Guid>();

        Assert.Equal("false", Where(x => none.Contains(x.Id)).Text);
        Assert.Equal("true", Where(x => !none.Contains(x.Id)).Text);
        Assert.Equal("m:Active = $1", Where(x => none.Contains(x.Id) || x.Active).Text);
    }

    [Fact]
    public void Not_contains_keeps_members_that_are_null()
    {
        var names = new[] { "a" };

        Assert.Equal("(m:Name = ANY($1)) IS NOT TRUE", Where(x => !names.Contains(x.Name)).Text);
    }

    [Fact]
    public void A_null_in_the_list_matches_a_null_member()
    {
        var nicks = new[] { "a", null };
        var onlyNull = new string?[] { null };

        var sql = Where(x => nicks.Contains(x.Nick));

        Assert.Equal("(m:Nick = ANY($1) OR (m:Nick IS NULL))", sql.Text);
        Assert.Equal([new[] { "a" }], Parameters(sql));
        Assert.Equal("((m:Nick = ANY($1)) IS NOT TRUE AND (m:Nick IS NOT NULL))", Where(x => !nicks.Contains(x.Nick)).Text);
        Assert.Equal("(m:Nick IS NULL)", Where(x => onlyNull.Contains(x.Nick)).Text);
    }

    [Fact]
    public void A_stored_collection_containing_a_value_asks_the_target()
    {
        var tag = "vip";

        var sql = Where(x => x.Tags.Contains(tag));

        Assert.Equal("(contains(Tags, $1))", sql.Text);
        Assert.Equal(["vip"], Parameters(sql));
        Assert.Equal("(contains(Labels, $1))", Where(x => x.Labels.Contains("vip")).Text);
        Assert.Equal("(contains(Tags, $1))", Where(x => Enumerable.Contains(x.Tags, "vip")).Text);
        Assert.Equal("((contains(Tags, $1)) IS NOT TRUE AND m:Active = $2)", Where(x => !x.Tags.Contains("vip") && x.Active).Text);
    }

    [Fact]
    public void Enums_are_bound_through_the_target()
    {
        var wanted = Colour.Green;
        var colours = new[] { Colour.Red, Colour.Blue };

        Assert.Equal("m:Colour = $1", Where(x => x.Colour == Colour.Blue).Text);
        Assert.Equal(["Blue"], Parameters(Where(x => x.Colour == Colour.Blue)));
        Assert.Equal(["Green"], Parameters(Where(x => x.Colour != wanted)));
        Assert.Equal(["Red"], Parameters(Where(x => x.Colour > Colour.Red)));
        Assert.Equal(["Blue"], Parameters(Where(x => (int)x.Colour == 2)));
        Assert.Equal("m:Colour = ANY($1)", Where(x => colours.Contains(x.Colour)).Text);
        Assert.Equal([new[] { "Red", "Blue" }], Parameters(Where(x => colours.Contains(x.Colour))));
    }

    [Fact]
    public void A_char_is_compared_as_a_char_not_its_code()
    {
        Assert.Equal(['A'], Parameters(Where(x => x.Grade == 'A')));
    }

    [Fact]
    public void Captured_members_indexers_and_calls_are_evaluated_before_binding()
    {
        var filter = new Filter { Minimum = 1990, Names = ["first", "second"] };
        var years = new[] { 1980, 1985 };

        Assert.Equal([1990], Parameters(Where(x => x.Year >= filter.Minimum)));
        Assert.Equal(["second"], Parameters(Where(x => x.Name == filter.Names[1])));
        Assert.Equal([1985], Parameters(Where(x => x.Year == years[1])));
        Assert.Equal([42], Parameters(Where(x => x.Year == Filter.Answer)));
        Assert.Equal([3], Parameters(Where(x => x.Year == filter.Names.Count + 1)));

        var since = Assert.IsType<DateTime>(Assert.Single(Parameters(Where(x => x.SeenAt > DateTime.UtcNow.AddDays(-1)))));
        Assert.InRange(since, DateTime.UtcNow.AddDays(-2), DateTime.UtcNow);
    }

    [Fact]
    public void Closures_over_a_loop_variable_bind_each_iterations_value()
    {
        var predicates = new List<Sql>();
        foreach (var year in new[] { 2000, 2010 })
            predicates.Add(Where(x => x.Year == year));

        Assert.Equal([2000], Parameters(predicates[0]));
        Assert.Equal([2010], Parameters(predicates[1]));
    }

    private sealed class Filter
    {
        public const int Answer = 42;

        public int Minimum { get; init; }

        public List<string> Names { get; init; } = [];
    }
}
