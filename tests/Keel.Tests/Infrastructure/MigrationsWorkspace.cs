namespace Keel.Tests;

/// <summary>
/// A fresh database and an empty migrations folder per test (migrations change schema globally, so tests of the
/// runner and the CLI never share either).
/// </summary>
public abstract class MigrationsWorkspace : IAsyncLifetime
{
    protected DatabaseFixture Db { get; } = new();

    protected string Dir { get; } = Path.Combine(Path.GetTempPath(), "keel-migrations-" + Guid.NewGuid().ToString("N")[..8]);

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Dir);
        await Db.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Db.DisposeAsync();
        Directory.Delete(Dir, recursive: true);
    }

    /// <summary>Writes a migration file and returns its path.</summary>
    protected string Write(string file, string sql)
    {
        var path = Path.Combine(Dir, file);
        File.WriteAllText(path, sql);
        return path;
    }

    protected async Task<bool> TableExistsAsync(string table)
    {
        await using var s = await Db.Keel.OpenSessionAsync();
        return await s.ScalarAsync<bool>($"SELECT to_regclass({table}) IS NOT NULL");
    }
}
