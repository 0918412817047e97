using System.Linq.Expressions;

namespace Keel;

/// <summary>
/// An optional addition to <see cref="IMemberSqlTarget"/> for layouts with relations: a projection may then aggregate
/// a collection navigation (<c>u =&gt; new { u.Name, Orders = u.Orders.Count() }</c>) as a correlated subquery in the
/// same statement. Documents do not implement it, so their projections stay members only.
/// </summary>
internal interface IRelationSqlTarget
{
    /// <summary>
    /// A scalar subquery aggregating the navigation's rows for the current row, e.g.
    /// <c>(SELECT count(*)::integer FROM "public"."orders" c WHERE c."user_id" = "users"."id")</c>.
    /// </summary>
    /// <param name="navigation">The navigation, a direct member of the parameter.</param>
    /// <param name="aggregate">What to compute over the related rows.</param>
    /// <param name="predicate">A filter on the related rows (<c>o =&gt; o.Total &gt; 10</c>), or null.</param>
    /// <exception cref="NotSupportedException">The member is not a collection navigation; the message names it.</exception>
    Sql Aggregate(MemberPath navigation, RelationAggregate aggregate, LambdaExpression? predicate);
}
