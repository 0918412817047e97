namespace Keel.Embedded;

/// <summary>Picks the server tests, samples and benchmarks use.</summary>
public static class PostgresServer
{
    /// <summary>The environment variable naming an existing server to use instead of starting one.</summary>
    public const string ConnectionVariable = "KEEL_CONNECTION";

    /// <summary>
    /// When <c>KEEL_CONNECTION</c> is set, returns that server; otherwise starts an <see cref="EmbeddedPostgres"/>.
    /// </summary>
    public static async Task<IPostgresServer> StartAsync(EmbeddedPostgresOptions? options = null, CancellationToken cancellationToken = default)
    {
        var external = Environment.GetEnvironmentVariable(ConnectionVariable);
        if (!string.IsNullOrWhiteSpace(external))
            return new ExternalPostgres(external);
        return await EmbeddedPostgres.StartAsync(options, cancellationToken).ConfigureAwait(false);
    }
}
