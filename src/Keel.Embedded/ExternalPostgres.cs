using Npgsql;

namespace Keel.Embedded;

/// <summary>An existing server named by a connection string (<c>KEEL_CONNECTION</c>); nothing is started or stopped.</summary>
public sealed class ExternalPostgres(string connectionString) : IPostgresServer
{
    /// <inheritdoc />
    public string ConnectionString { get; } = connectionString;

    /// <inheritdoc />
    public string ConnectionStringFor(string database)
        => new NpgsqlConnectionStringBuilder(ConnectionString) { Database = database }.ConnectionString;

    /// <inheritdoc />
    public Task CreateDatabaseAsync(string name, string? template = null, CancellationToken cancellationToken = default)
        => AdminCommand.ExecuteAsync(ConnectionString,
            "CREATE DATABASE " + EmbeddedPostgres.QuoteIdentifier(name) + (template is null ? string.Empty : " TEMPLATE " + EmbeddedPostgres.QuoteIdentifier(template)),
            cancellationToken);

    /// <inheritdoc />
    public Task DropDatabaseAsync(string name, CancellationToken cancellationToken = default)
        => AdminCommand.ExecuteAsync(ConnectionString, "DROP DATABASE IF EXISTS " + EmbeddedPostgres.QuoteIdentifier(name) + " WITH (FORCE)", cancellationToken);

    /// <summary>Nothing to stop.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
