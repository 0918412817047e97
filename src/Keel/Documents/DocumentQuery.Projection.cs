using System.Linq.Expressions;
using System.Text.Json;

namespace Keel;

/// <summary>Projections: fetch chosen members only.</summary>
public sealed partial class DocumentQuery<T, TId>
{
    /// <summary>
    /// Fetches only the chosen members, built into <typeparamref name="TResult"/> by the JSON serializer:
    /// <c>Select(c =&gt; new { c.RegNo, City = c.Garage!.City })</c> sends <c>SELECT jsonb_build_object('regNo', data-&gt;'regNo', ...)</c>.
    /// A single member (<c>c =&gt; c.Make</c>) selects just that value.
    /// </summary>
    public Task<IReadOnlyList<TResult>> SelectAsync<TResult>(Expression<Func<T, TResult>> selector, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(selector);
        var members = ExpressionTranslator.Projection(selector);
        Sql select;
        if (selector.Body is MemberExpression || (selector.Body is UnaryExpression { Operand: MemberExpression }))
        {
            select = Sql.Raw(Mapping.Target.JsonPath(members[0].Path));
        }
        else
        {
            var policy = Mapping.Json.PropertyNamingPolicy;
            var pairs = new List<Sql>();
            foreach (var (name, path) in members)
            {
                var key = policy?.ConvertName(name) ?? name;
                pairs.Add($"{Sql.Raw("'" + key.Replace("'", "''", StringComparison.Ordinal) + "'")}, {Sql.Raw(Mapping.Target.JsonPath(path))}");
            }

            select = $"jsonb_build_object({Sql.Join(", ", pairs)})";
        }

        var sql = Statement(select, _take);
        var typeInfo = Mapping.Json.GetTypeInfo(typeof(TResult));
        return _repository.RunAsync(async (executor, ct) =>
        {
            var rows = await executor.QueryAsync<byte[]?>(sql, ct).ConfigureAwait(false);
            var results = new List<TResult>(rows.Count);
            foreach (var row in rows)
                results.Add(row is null ? default! : (TResult)JsonSerializer.Deserialize(row, typeInfo)!);
            return (IReadOnlyList<TResult>)results;
        }, cancellationToken);
    }
}
