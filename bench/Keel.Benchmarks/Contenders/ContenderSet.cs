namespace Keel.Benchmarks;

/// <summary>Every contender, each with its own connection opened once and held for the whole process.</summary>
internal sealed class ContenderSet : IAsyncDisposable
{
    private ContenderSet(string connectionString, int batchSize)
    {
        RawPrepared = new RawNpgsqlContender(connectionString, prepare: true, batchSize);
        RawUnprepared = new RawNpgsqlContender(connectionString, prepare: false, batchSize);
        Dapper = new DapperContender(connectionString);
        EfCore = new EfCoreContender(connectionString);
        Keel = new KeelContender(connectionString, batchSize);
    }

    public RawNpgsqlContender RawPrepared { get; }

    public RawNpgsqlContender RawUnprepared { get; }

    public DapperContender Dapper { get; }

    public EfCoreContender EfCore { get; }

    public KeelContender Keel { get; }

    public static async Task<ContenderSet> OpenAsync(string connectionString, int batchSize, CancellationToken cancellationToken)
    {
        var set = new ContenderSet(connectionString, batchSize);
        try
        {
            await set.RawPrepared.OpenAsync(cancellationToken);
            await set.RawUnprepared.OpenAsync(cancellationToken);
            await set.Dapper.OpenAsync(cancellationToken);
            await set.EfCore.OpenAsync(cancellationToken);
            await set.Keel.OpenAsync(cancellationToken);
            return set;
        }
        catch
        {
            await set.DisposeAsync();
            throw;
        }
    }

    /// <summary>How many statements each contender's connection has prepared on the server, by variant name.</summary>
    public async Task<IReadOnlyDictionary<string, long>> CountPreparedStatementsAsync(CancellationToken cancellationToken) => new Dictionary<string, long>
    {
        [WorkloadCatalog.RawPrepared] = await RawPrepared.CountPreparedStatementsAsync(cancellationToken),
        [WorkloadCatalog.RawUnprepared] = await RawUnprepared.CountPreparedStatementsAsync(cancellationToken),
        ["Dapper"] = await Dapper.CountPreparedStatementsAsync(cancellationToken),
        ["EF Core"] = await EfCore.CountPreparedStatementsAsync(cancellationToken),
        ["Keel"] = await Keel.CountPreparedStatementsAsync(cancellationToken),
    };

    public async ValueTask DisposeAsync()
    {
        await Keel.DisposeAsync();
        await EfCore.DisposeAsync();
        await Dapper.DisposeAsync();
        await RawUnprepared.DisposeAsync();
        await RawPrepared.DisposeAsync();
    }
}
