using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;

namespace Keel;

/// <summary>Projections: fetch the chosen columns only.</summary>
public partial class EntityQuery<T, TId>
{
    /// <summary>
    /// Fetches only the chosen columns, read into <typeparamref name="TResult"/> by name:
    /// <c>SelectAsync(u =&gt; new { u.Id, u.Email })</c> sends <c>SELECT "id" AS "Id", "email" AS "Email" FROM ...</c>.
    /// A single column (<c>u =&gt; u.Email</c>) reads just that value.
    /// </summary>
    /// <exception cref="NotSupportedException">A projected value is not a mapped column.</exception>
    public Task<IReadOnlyList<TResult>> SelectAsync<[DynamicallyAccessedMembers(Mapped.Members)] TResult>(Expression<Func<T, TResult>> selector, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(selector);
        var members = ExpressionTranslator.Projection(selector);
        var columns = new List<string>(members.Count);
        foreach (var (name, path) in members)
            columns.Add(Map.Target.Column(path).Quoted + " AS " + SqlIdentifiers.Quote(name));
        var sql = Statement(Sql.Raw(string.Join(", ", columns)), _state.Take);
        return _repository.RunAsync((executor, ct) => executor.QueryAsync<TResult>(sql, ct), cancellationToken);
    }
}
