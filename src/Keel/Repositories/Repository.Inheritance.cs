namespace Keel;

/// <summary>What repositories over a mapped class hierarchy need beyond a single table.</summary>
public partial class Repository<T, TId>
{
    /// <summary>The data source, for queries that narrow a hierarchy to a subtype's repository.</summary>
    internal KeelDataSource DataSource => Keel;

    /// <summary>Runs a statement from <see cref="DeleteStatement"/> and returns how many rows it deleted (a table-per-concrete-type root selects its count).</summary>
    internal Task<int> DeleteRowsAsync(SqlExecutor executor, Sql sql, CancellationToken cancellationToken)
        => Map.DeleteReturnsCount ? executor.ScalarAsync<int>(sql, cancellationToken) : executor.ExecuteAsync(sql, cancellationToken);

    /// <summary>Runs a statement from <see cref="EntityMap{T}.UpdateWhere"/> and returns how many rows it changed (a statement over several tables selects its count).</summary>
    internal Task<int> UpdateRowsAsync(SqlExecutor executor, Sql sql, CancellationToken cancellationToken)
        => Map.UpdateSelectsCount ? executor.ScalarAsync<int>(sql, cancellationToken) : executor.ExecuteAsync(sql, cancellationToken);
}
