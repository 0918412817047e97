using System.Diagnostics;
using System.Globalization;
using System.Text;
using Npgsql;

namespace Keel.Embedded;

/// <summary>Running initdb, postgres and pg_ctl.</summary>
public sealed partial class EmbeddedPostgres
{
    private async Task InitAsync(EmbeddedPostgresOptions options, CancellationToken cancellationToken)
    {
        string[] args =
        [
            "-D", DataDirectory, "-U", options.User, "-E", "UTF8", "--locale=C", "--auth=trust", "--no-sync", "--no-instructions",
        ];
        await RunAsync("initdb", args, throwOnError: true, cancellationToken).ConfigureAwait(false);
    }

    private async Task LaunchAsync(EmbeddedPostgresOptions options, CancellationToken cancellationToken)
    {
        var settings = new List<(string Name, string Value)>
        {
            ("listen_addresses", "127.0.0.1"),
            ("port", Port.ToString(CultureInfo.InvariantCulture)),
            ("unix_socket_directories", Directory),
            ("max_connections", options.MaxConnections.ToString(CultureInfo.InvariantCulture)),
            ("max_prepared_transactions", options.MaxPreparedTransactions.ToString(CultureInfo.InvariantCulture)),
            ("wal_level", options.WalLevel),
            ("logging_collector", "off"),
        };
        if (options.SharedPreloadLibraries.Count > 0)
            settings.Add(("shared_preload_libraries", string.Join(',', options.SharedPreloadLibraries)));
        if (options.Fast)
            settings.AddRange([("fsync", "off"), ("synchronous_commit", "off"), ("full_page_writes", "off")]);
        foreach (var (name, value) in options.Settings)
            settings.Add((name, value));

        var args = new List<string> { "-D", DataDirectory };
        foreach (var (name, value) in settings)
        {
            args.Add("-c");
            args.Add($"{name}={value}");
        }

        var start = StartInfo("postgres", args);
        start.RedirectStandardError = true;
        start.RedirectStandardOutput = true;
        var log = new StringBuilder();
        var logWriter = new StreamWriter(LogFile, append: true) { AutoFlush = true };
        var logClosed = false;
        var started = false;
        _server = new Process { StartInfo = start, EnableRaisingEvents = true };
        DataReceivedEventHandler onLine = (_, e) =>
        {
            if (e.Data is null)
                return;
            lock (log)
            {
                // Kept in memory only until the server is up (for a start failure's message); the file has it all.
                if (!started)
                    log.AppendLine(e.Data);
                // Output events can still arrive after Exited has closed the file; a write then would crash the process.
                if (!logClosed)
                    logWriter.WriteLine(e.Data);
            }
        };
        _server.OutputDataReceived += onLine;
        _server.ErrorDataReceived += onLine;
        _server.Exited += (_, _) =>
        {
            lock (log)
            {
                logClosed = true;
                logWriter.Dispose();
            }
        };
        _server.Start();
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();

        var deadline = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_server.HasExited)
                throw new EmbeddedPostgresException($"postgres exited with code {_server.ExitCode} while starting:{Environment.NewLine}{Snapshot(log)}");
            if (await AcceptsConnectionsAsync(cancellationToken).ConfigureAwait(false))
            {
                lock (log)
                    started = true;
                StartWatchdog();
                return;
            }
            if (deadline.Elapsed > options.StartTimeout)
                throw new EmbeddedPostgresException($"postgres did not accept connections within {options.StartTimeout.TotalSeconds:F0} s:{Environment.NewLine}{Snapshot(log)}");
            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A detached shell that outlives this process: once the owner is gone (killed, or ended before DisposeAsync ran —
    /// test hosts are torn down mid-cleanup, with their whole process tree) it stops the server immediately and
    /// deletes the cluster directory. It is started through an intermediate shell that exits at once, so it is not
    /// in this process's tree and survives a tree kill.
    /// </summary>
    private void StartWatchdog()
    {
        // The watchdog runs as the current user (so it may delete the directory); only pg_ctl drops to the server's user.
        var pgCtl = (_runAs is null ? string.Empty : $"runuser -u {_runAs} -- ") + $"'{Path.Combine(_binDirectory, "pg_ctl")}'";
        var script = Path.Combine(Directory, "keel-watchdog.sh");
        File.WriteAllText(script,
            $"while [ -d /proc/{Environment.ProcessId} ] && [ -d '{Directory}' ]; do sleep 1; done\n" +
            $"if [ -d '{Directory}' ]; then {pgCtl} -D '{DataDirectory}' -m immediate -w stop >/dev/null 2>&1; rm -rf '{Directory}'; fi\n");
        var start = new ProcessStartInfo { UseShellExecute = false, FileName = "sh" };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"setsid sh '{script}' </dev/null >/dev/null 2>&1 &");
        using var launcher = Process.Start(start);
        launcher?.WaitForExit();
    }

    private async Task<bool> AcceptsConnectionsAsync(CancellationToken cancellationToken)
    {
        try
        {
            var connection = new NpgsqlConnection(ConnectionString);
            await using (connection.ConfigureAwait(false))
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                return true;
            }
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }

    private async Task RunAsync(string tool, IReadOnlyList<string> args, bool throwOnError, CancellationToken cancellationToken)
    {
        using var process = new Process { StartInfo = StartInfo(tool, args) };
        process.StartInfo.RedirectStandardOutput = true;
        process.StartInfo.RedirectStandardError = true;
        process.Start();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        var output = (await stdout.ConfigureAwait(false)) + (await stderr.ConfigureAwait(false));
        if (process.ExitCode != 0 && throwOnError)
            throw new EmbeddedPostgresException($"{tool} failed with exit code {process.ExitCode}:{Environment.NewLine}{output}");
    }

    private ProcessStartInfo StartInfo(string tool, IEnumerable<string> args)
    {
        var executable = Path.Combine(_binDirectory, tool);
        var start = new ProcessStartInfo { UseShellExecute = false, WorkingDirectory = Directory };
        if (_runAs is null)
        {
            start.FileName = executable;
        }
        else
        {
            // PostgreSQL refuses to run as root; runuser drops to the postgres system user without a password.
            start.FileName = "runuser";
            start.ArgumentList.Add("-u");
            start.ArgumentList.Add(_runAs);
            start.ArgumentList.Add("--");
            start.ArgumentList.Add(executable);
        }

        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        start.Environment["LC_ALL"] = "C";
        return start;
    }

    private static string Snapshot(StringBuilder log)
    {
        lock (log)
            return log.ToString();
    }
}
