using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;

namespace Keel;

/// <summary>Projections: fetch the chosen columns only, and counts of related rows in the same statement.</summary>
public partial class EntityQuery<T, TId>
{
    /// <summary>
    /// Fetches only the chosen columns, read into <typeparamref name="TResult"/> by name:
    /// <c>SelectAsync(u =&gt; new { u.Id, u.Email })</c> sends <c>SELECT "id" AS "Id", "email" AS "Email" FROM ...</c>.
    /// A single column (<c>u =&gt; u.Email</c>) reads just that value. A collection navigation can be counted
    /// (<c>u.Orders.Count()</c>, <c>u.Orders.Count(o =&gt; o.Total &gt; 10)</c>, <c>LongCount</c>, <c>Any</c>): each is a
    /// correlated subquery in the same one command, <c>(SELECT count(*)::integer FROM orders c WHERE c."user_id" = "users"."id")</c>.
    /// </summary>
    /// <exception cref="NotSupportedException">A projected value is neither a mapped column nor a count of a collection navigation; the message names it.</exception>
    public Task<IReadOnlyList<TResult>> SelectAsync<[DynamicallyAccessedMembers(Mapped.Members)] TResult>(Expression<Func<T, TResult>> selector, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(selector);
        var values = ExpressionTranslator.Projection(selector, new EntityProjectionTarget(Map, Map.Target, _repository.Store, _repository.CurrentTenant));
        var columns = new List<Sql>(values.Count);
        foreach (var (name, value) in values)
            columns.Add($"{value} AS {Sql.Raw(SqlIdentifiers.Quote(name))}");
        var sql = Statement(Sql.Join(", ", columns), _state.Take);
        return _repository.RunAsync((executor, ct) => executor.QueryAsync<TResult>(sql, ct), cancellationToken);
    }
}
