using Npgsql;

namespace Keel.Embedded;

/// <summary>
/// Administrative statements on a test server (CREATE/DROP DATABASE). This is test infrastructure below Keel,
/// not application data access, so it talks to Npgsql directly.
/// </summary>
internal static class AdminCommand
{
    public static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(connectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var command = new NpgsqlCommand(sql, connection);
            await using (command.ConfigureAwait(false))
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
