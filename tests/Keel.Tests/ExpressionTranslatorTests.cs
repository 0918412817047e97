using System.Linq.Expressions;

namespace Keel.Tests;

/// <summary>
/// Pure translation tests: a fake target renders members as <c>m:Path</c> so each test reads the exact SQL shape
/// the translator builds, and the values it binds. Split by feature into partial files.
/// </summary>
public sealed partial class ExpressionTranslatorTests
{
    private static readonly FakeTarget Target = new();

    [Fact]
    public void Equality_with_a_constant_compares_the_member_value_to_a_parameter()
    {
        var sql = Where(x => x.Name == "abc");

        Assert.Equal("m:Name = $1", sql.Text);
        Assert.Equal(["abc"], Parameters(sql));
    }

    [Fact]
    public void Equality_uses_the_targets_index_friendly_form_when_it_has_one()
    {
        var sql = Where(x => x.RegNo == "AB123");

        Assert.Equal("(eq:RegNo $1)", sql.Text);
        Assert.Equal(["AB123"], Parameters(sql));
    }

    [Fact]
    public void Inequality_is_distinct_from_even_where_the_target_has_an_equality_form()
    {
        Assert.Equal("m:RegNo IS DISTINCT FROM $1", Where(x => x.RegNo != "AB123").Text);
        Assert.Equal("m:Name IS DISTINCT FROM $1", Where(x => x.Name != "abc").Text);
    }

    [Fact]
    public void Nested_members_read_the_whole_path()
    {
        var city = "Oslo";

        var sql = Where(x => x.Address.City == city);

        Assert.Equal("m:Address.City = $1", sql.Text);
        Assert.Equal(["Oslo"], Parameters(sql));
    }

    [Fact]
    public void Ordering_comparisons_map_to_sql_operators()
    {
        Assert.Equal("m:Year > $1", Where(x => x.Year > 2000).Text);
        Assert.Equal("m:Year >= $1", Where(x => x.Year >= 2000).Text);
        Assert.Equal("m:Year < $1", Where(x => x.Year < 2000).Text);
        Assert.Equal("m:Year <= $1", Where(x => x.Year <= 2000).Text);
        Assert.Equal([2000], Parameters(Where(x => x.Year <= 2000)));
    }

    [Fact]
    public void A_value_on_the_left_flips_the_operator()
    {
        Assert.Equal("m:Year > $1", Where(x => 2000 < x.Year).Text);
        Assert.Equal("m:Year <= $1", Where(x => 2000 >= x.Year).Text);
        Assert.Equal("m:Name = $1", Where(x => "abc" == x.Name).Text);
    }

    [Fact]
    public void Nullable_members_compare_through_the_lifted_conversion()
    {
        var sql = Where(x => x.Built > 1990);

        Assert.Equal("m:Built > $1", sql.Text);
        Assert.Equal([1990], Parameters(sql));
        Assert.Equal("m:Built = $1", Where(x => x.Built!.Value == 1990).Text);
        Assert.Equal("m:Year = $1", Where(x => (int?)x.Year == 1990).Text);
    }

    [Fact]
    public void An_ordering_comparison_with_null_is_false_as_in_csharp()
    {
        int? none = null;

        Assert.Equal("false", Where(x => x.Built > none).Text);
        Assert.Equal("true", Where(x => !(x.Built > none)).Text);
    }

    [Fact]
    public void Two_members_compare_with_each_other_null_safely_for_equality()
    {
        Assert.Equal("m:Min IS NOT DISTINCT FROM m:Max", Where(x => x.Min == x.Max).Text);
        Assert.Equal("m:Min IS DISTINCT FROM m:Max", Where(x => x.Min != x.Max).Text);
        Assert.Equal("m:Min < m:Max", Where(x => x.Min < x.Max).Text);
        Assert.Equal("(m:Min >= m:Address.Floor) IS NOT TRUE", Where(x => !(x.Min >= x.Address.Floor)).Text);
        Assert.Equal(0, Where(x => x.Min == x.Max).ParameterCount);
    }

    [Fact]
    public void Null_checks_ask_the_target()
    {
        string? nick = null;

        Assert.Equal("(m:Nick IS NULL)", Where(x => x.Nick == null).Text);
        Assert.Equal("(m:Nick IS NOT NULL)", Where(x => x.Nick != null).Text);
        Assert.Equal("(m:Nick IS NULL)", Where(x => null == x.Nick).Text);
        Assert.Equal("(m:Nick IS NULL)", Where(x => x.Nick == nick).Text);
        Assert.Equal("(m:Address IS NOT NULL)", Where(x => x.Address != null).Text);
        Assert.Equal("(m:Built IS NULL)", Where(x => x.Built == null).Text);
        Assert.Equal(0, Where(x => x.Nick == null).ParameterCount);
    }

    [Fact]
    public void HasValue_is_a_not_null_check()
    {
        Assert.Equal("(m:Built IS NOT NULL)", Where(x => x.Built.HasValue).Text);
        Assert.Equal("(m:Built IS NULL)", Where(x => !x.Built.HasValue).Text);
    }

    [Fact]
    public void A_bool_member_alone_means_equal_to_true()
    {
        var sql = Where(x => x.Active);

        Assert.Equal("m:Active = $1", sql.Text);
        Assert.Equal([true], Parameters(sql));
        Assert.Equal("m:Active IS DISTINCT FROM $1", Where(x => !x.Active).Text);
        Assert.Equal("m:Active = $1", Where(x => !!x.Active).Text);
        Assert.Equal("m:Checked = $1", Where(x => x.Checked == true).Text);
        Assert.Equal([false], Parameters(Where(x => x.Active == false)));
    }

    [Fact]
    public void And_binds_tighter_than_or_with_explicit_parentheses()
    {
        Assert.Equal(
            "(m:Year > $1 OR (m:Year < $2 AND m:Active = $3))",
            Where(x => x.Year > 2000 || x.Year < 1900 && x.Active).Text);
        Assert.Equal(
            "((m:Year > $1 OR m:Year < $2) AND m:Active = $3)",
            Where(x => (x.Year > 2000 || x.Year < 1900) && x.Active).Text);
        Assert.Equal([2000, 1900, true], Parameters(Where(x => (x.Year > 2000 || x.Year < 1900) && x.Active)));
    }

    [Fact]
    public void Negation_is_pushed_to_the_leaves_with_csharp_null_semantics()
    {
        Assert.Equal("m:Name IS DISTINCT FROM $1", Where(x => !(x.Name == "a")).Text);
        Assert.Equal("m:Name = $1", Where(x => !(x.Name != "a")).Text);
        Assert.Equal("(m:Nick IS NOT NULL)", Where(x => !(x.Nick == null)).Text);
        Assert.Equal(
            "((m:Year > $1) IS NOT TRUE OR m:Name IS DISTINCT FROM $2)",
            Where(x => !(x.Year > 2000 && x.Name == "a")).Text);
        Assert.Equal(
            "((m:Year < $1) IS NOT TRUE AND m:Active IS DISTINCT FROM $2)",
            Where(x => !(x.Year < 2000 || x.Active)).Text);
    }

    [Fact]
    public void Predicates_without_the_parameter_fold_to_constants()
    {
        var includeAll = false;
        var onlyActive = true;

        Assert.Equal("true", Where(x => true).Text);
        Assert.Equal("m:Year > $1", Where(x => includeAll || x.Year > 2000).Text);
        Assert.Equal("true", Where(x => !includeAll || x.Year > 2000).Text);
        Assert.Equal("m:Active = $1", Where(x => onlyActive && x.Active).Text);
        Assert.Equal("false", Where(x => includeAll && x.Active).Text);
    }

    private static Sql Where(Expression<Func<Car, bool>> predicate) => ExpressionTranslator.Where(predicate, Target);

    /// <summary>The values bound to $1, $2… in order.</summary>
    private static object?[] Parameters(Sql sql)
    {
        var values = new List<object?>();
        for (var i = 0; i < sql.PartCount; i++)
        {
            if (sql.PartAt(i).Value is { } value)
                values.Add(value.BoxedValue);
        }

        return [.. values];
    }

    internal enum Colour
    {
        Red,
        Green,
        Blue,
    }

    internal sealed class Car
    {
        public Guid Id { get; set; }

        public string RegNo { get; set; } = "";

        public string Name { get; set; } = "";

        public string? Nick { get; set; }

        public int Year { get; set; }

        public int? Built { get; set; }

        public bool Active { get; set; }

        public bool? Checked { get; set; }

        public Colour Colour { get; set; }

        public char Grade { get; set; }

        public int Min { get; set; }

        public int Max { get; set; }

        public DateTime SeenAt { get; set; }

        public Address Address { get; set; } = new();

        public string[] Tags { get; set; } = [];

        public List<string> Labels { get; set; } = [];
    }

    internal sealed class Address
    {
        public string City { get; set; } = "";

        public int Floor { get; set; }
    }

    /// <summary>
    /// Renders readable pseudo-SQL: <c>m:Path</c> for a member, <c>eq:Path</c> for the equality form (RegNo only,
    /// as if indexed), enums bound by name.
    /// </summary>
    private sealed class FakeTarget : IMemberSqlTarget
    {
        public Sql Value(MemberPath path) => Sql.Raw("m:" + path);

        public Sql? TryEquals(MemberPath path, object? value)
        {
            if (path.ToString() != nameof(Car.RegNo))
                return null;
            return $"eq:{Sql.Raw(path.ToString())} {value}";
        }

        public Sql IsNull(MemberPath path, bool isNull) => Sql.Raw("m:" + path + (isNull ? " IS NULL" : " IS NOT NULL"));

        public Sql CollectionContains(MemberPath path, object? element) => $"contains({Sql.Raw(path.ToString())}, {element})";

        public object? ToParameter(MemberPath path, object? value) => value is Enum e ? e.ToString() : value;
    }
}
