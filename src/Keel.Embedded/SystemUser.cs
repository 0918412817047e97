using System.Diagnostics;

namespace Keel.Embedded;

/// <summary>Root handling: PostgreSQL will not run as root, so the cluster belongs to the <c>postgres</c> system user.</summary>
internal static class SystemUser
{
    public static bool IsRoot() => OperatingSystem.IsLinux() && Environment.UserName == "root";

    public static async Task ChownAsync(string directory, string user, CancellationToken cancellationToken)
    {
        using var process = Process.Start(new ProcessStartInfo("chown", ["-R", user, directory])
        {
            UseShellExecute = false,
            RedirectStandardError = true,
        }) ?? throw new EmbeddedPostgresException("Could not start chown.");
        var error = await process.StandardError.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
            throw new EmbeddedPostgresException($"chown -R {user} {directory} failed: {error}. Does the '{user}' system user exist? Installing the postgresql package creates it.");
    }

    /// <summary>The postgres user must be able to reach the cluster directory through its parents.</summary>
    public static void AllowTraverse(string root)
    {
        if (!OperatingSystem.IsLinux())
            return;
        var mode = File.GetUnixFileMode(root);
        const UnixFileMode traverse = UnixFileMode.OtherExecute | UnixFileMode.OtherRead | UnixFileMode.GroupExecute | UnixFileMode.GroupRead;
        if ((mode & traverse) != traverse)
            File.SetUnixFileMode(root, mode | traverse);
    }
}
