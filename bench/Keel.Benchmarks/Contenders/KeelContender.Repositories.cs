namespace Keel.Benchmarks;

/// <summary>
/// W1–W3 through Keel's entity repositories, as an application would write them: <see cref="UserRow"/> mapped with
/// the fluent API, the repository bound once to the contender's session, no SQL by hand.
/// </summary>
internal sealed partial class KeelContender
{
    private Repository<UserRow, int>? _users;
    private KeelDataSource? _newUsersKeel;
    private KeelSession? _newUsersSession;
    private Repository<UserRow, int>? _newUsers;

    /// <summary>Maps <see cref="UserRow"/> to <c>users</c> here, and to <c>new_users</c> on a second data source (a type maps to one table per data source).</summary>
    private async Task OpenRepositoriesAsync(string connectionString, CancellationToken cancellationToken)
    {
        _keel.Entities.For<UserRow>(e => e.ToTable("users").Property(u => u.Id, c => c.IsNotGenerated()));
        _users = new Repository<UserRow, int>(_keel).In(Session);
        _newUsersKeel = KeelDataSource.Create(new KeelOptions { ConnectionString = connectionString, MaxPoolSize = 2, ApplicationName = "bench-keel-repo" });
        _newUsersKeel.Entities.For<UserRow>(e => e.ToTable("new_users").Property(u => u.Id, c => c.IsNotGenerated()));
        _newUsersSession = await _newUsersKeel.OpenSessionAsync(cancellationToken);
        _newUsers = new Repository<UserRow, int>(_newUsersKeel);
    }

    public async Task<long> RepositoryGetByIdAsync(int[] keys, int count, CancellationToken cancellationToken)
    {
        long checksum = 0;
        var users = _users!;
        for (var i = 0; i < count; i++)
        {
            var user = await users.FindAsync(keys[i], cancellationToken);
            if (user is not null)
                checksum += user.Id;
        }

        return checksum;
    }

    public async Task<long> RepositoryListAsync(int[] offsets, int count, CancellationToken cancellationToken)
    {
        long checksum = 0;
        var ordered = _users!.Query().OrderBy(u => u.Id);
        for (var i = 0; i < count; i++)
        {
            var page = await ordered.Skip(offsets[i]).Take(BenchData.PageSize).ToListAsync(cancellationToken);
            for (var j = 0; j < page.Count; j++)
                checksum += page[j].Id;
        }

        return checksum;
    }

    public async Task<long> RepositoryInsertRowsAsync(UserRow[] rows, int count, CancellationToken cancellationToken)
    {
        await using var transaction = await _newUsersSession!.BeginTransactionAsync(cancellationToken: cancellationToken);
        var users = _newUsers!.In(transaction);
        for (var i = 0; i < count; i++)
            await users.InsertAsync(rows[i], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return count;
    }

    public async Task<long> RepositoryBulkInsertAsync(UserRow[] rows, int count, CancellationToken cancellationToken)
        => await _newUsers!.In(_newUsersSession!).BulkInsertAsync(rows.Take(count), cancellationToken: cancellationToken);

    private async ValueTask DisposeRepositoriesAsync()
    {
        if (_newUsersSession is not null)
            await _newUsersSession.DisposeAsync();
        if (_newUsersKeel is not null)
            await _newUsersKeel.DisposeAsync();
    }
}
