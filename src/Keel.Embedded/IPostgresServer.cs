namespace Keel.Embedded;

/// <summary>A PostgreSQL server tests, samples and benchmarks run against: embedded, or external through <c>KEEL_CONNECTION</c>.</summary>
public interface IPostgresServer : IAsyncDisposable
{
    /// <summary>A connection string to the server's maintenance database as a superuser.</summary>
    string ConnectionString { get; }

    /// <summary>A connection string to <paramref name="database"/> on this server.</summary>
    string ConnectionStringFor(string database);

    /// <summary>Creates a database, optionally from a template (<c>CREATE DATABASE … TEMPLATE …</c>).</summary>
    Task CreateDatabaseAsync(string name, string? template = null, CancellationToken cancellationToken = default);

    /// <summary>Drops a database if it exists, ending its connections first (<c>WITH (FORCE)</c>).</summary>
    Task DropDatabaseAsync(string name, CancellationToken cancellationToken = default);
}
