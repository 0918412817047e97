using System.Linq.Expressions;

namespace Keel;

/// <summary>Schema overrides: unique keys, indexes, checks and foreign keys beyond what attributes declare.</summary>
public sealed partial class EntityOptions<T>
{
    internal List<(IReadOnlyList<string> Properties, string? Name)> Uniques { get; } = [];

    internal List<(IReadOnlyList<string> Properties, string? Name, string? Where, IReadOnlyList<string> Include)> Indexes { get; } = [];

    internal List<(string Name, string Sql)> Checks { get; } = [];

    internal List<(string Property, Type Target, ReferentialAction OnDelete)> ForeignKeys { get; } = [];

    /// <summary>A unique constraint over one or more columns: <c>HasUnique(x =&gt; new { x.OrderId, x.ProductId })</c>.</summary>
    public EntityOptions<T> HasUnique<TKey>(Expression<Func<T, TKey>> columns, string? name = null)
    {
        Uniques.Add((Properties(columns), name));
        return this;
    }

    /// <summary>An index, optionally partial (<paramref name="where"/>, trusted SQL) and covering (<paramref name="include"/>).</summary>
    public EntityOptions<T> HasIndex<TKey>(Expression<Func<T, TKey>> columns, string? name = null, string? where = null, Expression<Func<T, object>>? include = null)
    {
        Indexes.Add((Properties(columns), name, where, include is null ? [] : Properties(include)));
        return this;
    }

    /// <summary>A check constraint in trusted SQL: <c>HasCheck("products_price_check", "price &gt; 0")</c>.</summary>
    public EntityOptions<T> HasCheck(string name, string sql)
    {
        SqlIdentifiers.Validate(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        Checks.Add((name, sql));
        return this;
    }

    /// <summary>A foreign key from a column to <typeparamref name="TTarget"/>'s key, for a column without a navigation.</summary>
    public EntityOptions<T> HasForeignKey<TTarget, TKey>(Expression<Func<T, TKey>> column, ReferentialAction onDelete = ReferentialAction.NoAction)
        where TTarget : class
    {
        ForeignKeys.Add((Single(ExpressionTranslator.Member(column)), typeof(TTarget), onDelete));
        return this;
    }

    private static string[] Properties<TKey>(Expression<Func<T, TKey>> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        return [.. ExpressionTranslator.Projection(columns).Select(m => Single(m.Path))];
    }
}
