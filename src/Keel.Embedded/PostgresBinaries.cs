using System.Diagnostics;

namespace Keel.Embedded;

/// <summary>Finds the PostgreSQL server binaries installed on this machine.</summary>
public static class PostgresBinaries
{
    /// <summary>The environment variable that names the bin folder explicitly.</summary>
    public const string EnvironmentVariable = "KEEL_PG_BIN";

    /// <summary>
    /// Resolves the bin folder: <paramref name="explicitDirectory"/>, else <c>KEEL_PG_BIN</c>, else
    /// <c>pg_config --bindir</c>, else the newest <c>/usr/lib/postgresql/*/bin</c>.
    /// </summary>
    /// <exception cref="PostgresBinariesNotFoundException">No folder with <c>initdb</c> and <c>postgres</c> was found.</exception>
    public static string Find(string? explicitDirectory = null)
    {
        var tried = new List<string>();
        if (!string.IsNullOrWhiteSpace(explicitDirectory))
            return Check(explicitDirectory, "EmbeddedPostgresOptions.BinDirectory", tried) ?? throw NotFound(tried);

        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
            return Check(fromEnvironment, EnvironmentVariable, tried) ?? throw NotFound(tried);

        var fromPgConfig = PgConfigBinDir();
        if (fromPgConfig is not null && Check(fromPgConfig, "pg_config --bindir", tried) is { } found)
            return found;

        const string debianRoot = "/usr/lib/postgresql";
        if (Directory.Exists(debianRoot))
        {
            var newest = Directory.GetDirectories(debianRoot)
                .Select(d => (Dir: d, Version: double.TryParse(Path.GetFileName(d), System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : -1))
                .OrderByDescending(d => d.Version)
                .Select(d => Check(Path.Combine(d.Dir, "bin"), debianRoot, tried))
                .FirstOrDefault(d => d is not null);
            if (newest is not null)
                return newest;
        }
        else
        {
            tried.Add($"{debianRoot} (does not exist)");
        }

        throw NotFound(tried);
    }

    private static string? Check(string directory, string source, List<string> tried)
    {
        var ok = File.Exists(Path.Combine(directory, "initdb")) && File.Exists(Path.Combine(directory, "postgres"));
        if (!ok)
            tried.Add($"{directory} (from {source}: no initdb/postgres there)");
        return ok ? directory : null;
    }

    private static string? PgConfigBinDir()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("pg_config", "--bindir")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null)
                return null;
            var output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit(10_000);
            return process.ExitCode == 0 && output.Length > 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    private static PostgresBinariesNotFoundException NotFound(List<string> tried) => new(
        "PostgreSQL server binaries were not found. Install the 'postgresql' package (Debian/Ubuntu: apt-get install -y postgresql) " +
        $"or set {EnvironmentVariable} to the folder holding initdb and postgres. Tried: " +
        (tried.Count == 0 ? "nothing" : string.Join("; ", tried)));
}
