using System.Linq.Expressions;

namespace Keel;

/// <summary>
/// The assignments of a set-based update, written in one statement with no read first:
/// <c>UpdateAsync(id, s =&gt; s.Increment(a =&gt; a.Balance, -100).Set(a =&gt; a.Name, "x"))</c> sends
/// <c>UPDATE t SET "balance" = "balance" + $1, "name" = $2 ...</c>. Keys, the version and the timestamps are Keel's to set.
/// </summary>
public sealed class EntityUpdate<T>
    where T : class
{
    private readonly EntityColumnTarget _target;
    private readonly List<ColumnAssignment> _assignments = [];

    internal EntityUpdate(EntityColumnTarget target) => _target = target;

    /// <summary>Sets a column to a value (converted as on insert: enum name, JSON, UTC).</summary>
    public EntityUpdate<T> Set<TValue>(Expression<Func<T, TValue>> property, TValue value)
    {
        var column = Writable(property);
        _assignments.Add(new ColumnAssignment(column, $"{Sql.Raw(column.Quoted)} = {Parameter(column, value)}"));
        return this;
    }

    /// <summary>Adds to a numeric column in place (a negative amount subtracts): <c>"balance" = "balance" + $1</c>.</summary>
    public EntityUpdate<T> Increment<TValue>(Expression<Func<T, TValue>> property, TValue amount)
        where TValue : struct
    {
        var column = Writable(property);
        _assignments.Add(new ColumnAssignment(column, $"{Sql.Raw(column.Quoted)} = {Sql.Raw(column.Quoted)} + {Parameter(column, amount)}"));
        return this;
    }

    /// <summary><c>a = $1</c>, <c>b = b + $2</c>, ... in call order; what every change also sets (updated_at, version) is the map's to add.</summary>
    internal IReadOnlyList<ColumnAssignment> Build()
        => _assignments.Count == 0 ? throw new ArgumentException("The update sets nothing; call Set or Increment at least once.") : _assignments;

    private static Sql Parameter(EntityColumn column, object? value)
    {
        var stored = column.ToStore(value);
        SqlValue parameter = column.Kind == ColumnKind.Json ? new SqlObjectValue(stored, NpgsqlTypes.NpgsqlDbType.Jsonb) : new SqlObjectValue(stored, null);
        return Sql.FromParts([new SqlPart(null, column.IsSensitive ? new SensitiveSqlValue(parameter) : parameter)]);
    }

    private EntityColumn Writable<TValue>(Expression<Func<T, TValue>> property)
    {
        ArgumentNullException.ThrowIfNull(property);
        var column = _target.Column(ExpressionTranslator.Member(property));
        if (column.IsKey || column.IsComputed || column.Role is not (ColumnRole.Data or ColumnRole.SoftDelete))
            throw new ArgumentException($"{typeof(T).Name}.{column.Property.Name} is maintained by Keel or the server (key, version, timestamp or computed); it cannot be set.", nameof(property));
        return column;
    }
}
