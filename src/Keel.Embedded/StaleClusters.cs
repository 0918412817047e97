using System.Diagnostics;
using System.Globalization;

namespace Keel.Embedded;

/// <summary>
/// Removes clusters whose owning process has died (a killed test run), stopping their server first,
/// so a leftover never holds a port, shared memory or disk for the next run.
/// </summary>
internal static class StaleClusters
{
    public static async Task CleanAsync(string root, CancellationToken cancellationToken)
    {
        foreach (var directory in Directory.GetDirectories(root, "pg-*"))
        {
            var ownerFile = Path.Combine(directory, "keel-owner.pid");
            if (File.Exists(ownerFile) && int.TryParse(await File.ReadAllTextAsync(ownerFile, cancellationToken).ConfigureAwait(false), NumberStyles.Integer, CultureInfo.InvariantCulture, out var owner) && IsAlive(owner))
                continue;
            if (!File.Exists(ownerFile) && Directory.GetCreationTimeUtc(directory) > DateTime.UtcNow.AddMinutes(-5))
                continue; // being created right now by another process

            var postmasterPid = Path.Combine(directory, "data", "postmaster.pid");
            if (File.Exists(postmasterPid))
            {
                var firstLine = File.ReadLines(postmasterPid).FirstOrDefault();
                if (int.TryParse(firstLine, NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid) && IsAlive(pid))
                {
                    // Immediate shutdown: the cluster is being thrown away, nothing in it needs to be saved.
                    try
                    {
                        using var server = Process.GetProcessById(pid);
                        server.Kill(entireProcessTree: false);
                        await server.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
                    }
                    catch (ArgumentException)
                    {
                        // Gone in the meantime.
                    }
                }
            }

            EmbeddedPostgres.TryDelete(directory);
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
