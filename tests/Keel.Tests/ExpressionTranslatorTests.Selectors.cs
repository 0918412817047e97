using System.Linq.Expressions;

namespace Keel.Tests;

public sealed partial class ExpressionTranslatorTests
{
    private const string Hint = " See docs/documents.md for what translates.";

    [Fact]
    public void An_unsupported_method_is_named_in_the_message()
    {
        var error = Assert.Throws<NotSupportedException>(() => Where(x => x.Name.PadLeft(3) == "abc"));

        Assert.Equal(
            "Keel cannot translate 'x.Name.PadLeft(3)' in 'x => (x.Name.PadLeft(3) == \"abc\")': method String.PadLeft is not supported." + Hint,
            error.Message);
    }

    [Fact]
    public void A_member_of_a_framework_type_is_not_read_as_a_stored_key()
    {
        var error = Assert.Throws<NotSupportedException>(() => Where(x => x.Name.Length > 3));

        Assert.StartsWith("Keel cannot translate 'x.Name.Length' in ", error.Message, StringComparison.Ordinal);
        Assert.Contains("member String.Length is not supported", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Arithmetic_on_a_member_is_refused()
    {
        var error = Assert.Throws<NotSupportedException>(() => Where(x => x.Year + 1 > 2000));

        Assert.StartsWith("Keel cannot translate '(x.Year + 1)' in 'x => ((x.Year + 1) > 2000)': Add expressions are not supported.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_like_argument_that_reads_the_parameter_is_refused()
    {
        var error = Assert.Throws<NotSupportedException>(() => Where(x => x.Name.StartsWith(x.RegNo)));

        Assert.StartsWith("Keel cannot translate 'x.RegNo' in ", error.Message, StringComparison.Ordinal);
        Assert.Contains("must be a value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Culture_sensitive_string_comparisons_are_refused()
    {
        var error = Assert.Throws<NotSupportedException>(() => Where(x => x.Name.StartsWith("a", StringComparison.CurrentCulture)));

        Assert.StartsWith("Keel cannot translate 'x.Name.StartsWith(\"a\", CurrentCulture)' in ", error.Message, StringComparison.Ordinal);
        Assert.Contains("only StringComparison.Ordinal and OrdinalIgnoreCase translate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unsupported_linq_operators_and_conditionals_are_named()
    {
        var any = Assert.Throws<NotSupportedException>(() => Where(x => x.Tags.Any()));
        var conditional = Assert.Throws<NotSupportedException>(() => Where(x => x.Active ? x.Year > 1 : x.Year < 1));
        var whole = Assert.Throws<NotSupportedException>(() => Where(x => x == new Car()));

        Assert.Contains("'x.Tags.Any()'", any.Message, StringComparison.Ordinal);
        Assert.Contains("method Enumerable.Any is not supported", any.Message, StringComparison.Ordinal);
        Assert.Contains("Conditional expressions are not supported", conditional.Message, StringComparison.Ordinal);
        Assert.StartsWith("Keel cannot translate 'x' in ", whole.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Member_returns_the_member_chain_of_a_selector()
    {
        Assert.Equal("Address.City", ExpressionTranslator.Member<Car, string>(x => x.Address.City).ToString());
        Assert.Equal("Year", ExpressionTranslator.Member<Car, object>(x => x.Year).ToString());
        Assert.Equal(typeof(int?), ExpressionTranslator.Member<Car, int?>(x => x.Built).Type);
    }

    [Fact]
    public void Member_refuses_anything_but_a_member_chain()
    {
        var computed = Assert.Throws<NotSupportedException>(() => ExpressionTranslator.Member<Car, int>(x => x.Year * 2));
        var framework = Assert.Throws<NotSupportedException>(() => ExpressionTranslator.Member<Car, int>(x => x.Address.City.Length));

        Assert.Equal(
            "Keel cannot translate '(x.Year * 2)' in 'x => (x.Year * 2)': only a member of the parameter (such as x.Address.City) can be selected here." + Hint,
            computed.Message);
        Assert.Contains("member String.Length is not supported", framework.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Projection_of_an_anonymous_type_names_each_member()
    {
        var members = Project(x => new { x.Id, City = x.Address.City });

        Assert.Equal([("Id", "Id"), ("City", "Address.City")], members);
    }

    [Fact]
    public void Projection_into_a_record_uses_its_constructor_parameter_names()
    {
        Assert.Equal([("Name", "Name"), ("Year", "Year")], Project(x => new Summary(x.Name, x.Year)));
    }

    [Fact]
    public void Projection_with_a_member_initialiser_uses_the_assigned_members()
    {
        Assert.Equal(
            [("Name", "Name"), ("Town", "Address.City")],
            Project(x => new Dto { Name = x.Name, Town = x.Address.City }));
    }

    [Fact]
    public void Projection_of_one_member_is_named_after_it()
    {
        Assert.Equal([("City", "Address.City")], Project(x => x.Address.City));
    }

    [Fact]
    public void Projection_of_a_computed_value_names_it()
    {
        var error = Assert.Throws<NotSupportedException>(() => Project(x => new { Upper = x.Name.ToUpper() }));

        Assert.StartsWith("Keel cannot translate 'x.Name.ToUpper()' in ", error.Message, StringComparison.Ordinal);
        Assert.Contains("only members of the parameter (such as x.Address.City) can be projected", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Projection_without_relations_refuses_counting_a_collection_as_before()
    {
        var error = Assert.Throws<NotSupportedException>(() => Project(x => new { Count = x.Tags.Count() }));

        Assert.StartsWith("Keel cannot translate 'x.Tags.Count()' in ", error.Message, StringComparison.Ordinal);
        Assert.Contains("only members of the parameter (such as x.Address.City) can be projected", error.Message, StringComparison.Ordinal);
    }

    private static (string Name, string Path)[] Project<TResult>(Expression<Func<Car, TResult>> selector)
        => [.. ExpressionTranslator.Projection(selector).Select(m => (m.Name, m.Path.ToString()))];

    private sealed record Summary(string Name, int Year);

    private sealed class Dto
    {
        public string Name { get; init; } = "";

        public string Town { get; init; } = "";
    }
}
