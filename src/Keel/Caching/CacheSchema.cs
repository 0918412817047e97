namespace Keel;

/// <summary>What the caching layer's tables share: running their idempotent DDL, and index names PostgreSQL keeps whole.</summary>
internal static class CacheSchema
{
    /// <summary>Runs <paramref name="schemaSql"/>, one statement per line, on a session of its own.</summary>
    public static async Task RunAsync(KeelDataSource keel, string schemaSql, CancellationToken cancellationToken)
    {
        var session = await keel.OpenSessionAsync(cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            foreach (var statement in schemaSql.Split('\n'))
                await session.ExecuteAsync(Sql.Raw(statement), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The quoted name of <paramref name="table"/>'s index with <paramref name="suffix"/>, cut to PostgreSQL's 63 bytes.</summary>
    public static string IndexName(string table, string suffix)
    {
        var name = table + suffix;
        return SqlIdentifiers.Quote(name.Length <= 63 ? name : name[..63]);
    }
}
