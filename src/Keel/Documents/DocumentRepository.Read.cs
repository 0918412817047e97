namespace Keel;

/// <summary>Loading documents by id, counting, existence.</summary>
public partial class DocumentRepository<T, TId>
{
    /// <summary>The document with this id, or null. <c>SELECT data ... WHERE id = $1</c>.</summary>
    public Task<T?> LoadAsync(TId id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        Sql sql = $"SELECT data FROM {Table} WHERE id = {id}{Filters(includeDeleted: false)}";
        // The hot path: a bound repository reads straight from its executor, without a closure or a second state machine.
        return Executor is not null ? LoadOnAsync(Executor, sql, cancellationToken) : RunAsync((executor, ct) => LoadOnAsync(executor, sql, ct), cancellationToken);
    }

    private async Task<T?> LoadOnAsync(SqlExecutor executor, Sql sql, CancellationToken cancellationToken)
    {
        var json = await executor.QuerySingleOrDefaultAsync<byte[]>(sql, cancellationToken).ConfigureAwait(false);
        return json is null ? null : Deserialize(json);
    }

    /// <summary>The document with its version and timestamps, or null.</summary>
    public Task<Stored<T>?> LoadStoredAsync(TId id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        return RunAsync(async (executor, ct) =>
        {
            var row = await executor.QuerySingleOrDefaultAsync<DocumentRow>(
                $"SELECT {Columns} FROM {Table} WHERE id = {id}{Filters(includeDeleted: false)}", ct).ConfigureAwait(false);
            return row is null ? null : ToStored(row);
        }, cancellationToken);
    }

    /// <summary>
    /// The documents with these ids in one query (<c>WHERE id = ANY($1)</c>), in the order asked for; missing ids are
    /// absent and a repeated id appears once per request.
    /// </summary>
    public Task<IReadOnlyList<T>> LoadManyAsync(IEnumerable<TId> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var requested = ids.ToArray();
        if (requested.Length == 0)
            return Task.FromResult<IReadOnlyList<T>>([]);
        return RunAsync(async (executor, ct) =>
        {
            var rows = await executor.QueryAsync<byte[]>(
                $"SELECT data FROM {Table} WHERE id = ANY({requested}){Filters(includeDeleted: false)}", ct).ConfigureAwait(false);
            var byId = new Dictionary<TId, T>(rows.Count);
            foreach (var row in rows)
            {
                var document = Deserialize(row);
                byId[(TId)Mapping.GetId(document)!] = document;
            }

            return RequestedOrder.Arrange(requested, byId);
        }, cancellationToken);
    }

    /// <summary>True when a (live) document with this id exists.</summary>
    public Task<bool> ExistsAsync(TId id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        return RunAsync((executor, ct) => executor.ScalarAsync<bool>(
            $"SELECT EXISTS (SELECT 1 FROM {Table} WHERE id = {id}{Filters(includeDeleted: false)})", ct), cancellationToken);
    }

    /// <summary>How many (live) documents there are.</summary>
    public Task<long> CountAsync(CancellationToken cancellationToken = default)
        => RunAsync((executor, ct) => executor.ScalarAsync<long>($"SELECT count(*) FROM {Table} WHERE true{Filters(includeDeleted: false)}", ct), cancellationToken);
}
