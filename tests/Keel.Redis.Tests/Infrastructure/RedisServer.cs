using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Keel.Redis.Tests;

/// <summary>
/// A throw-away redis-server on a free loopback port, in a temp directory, without persistence unless asked for. It can
/// be stopped (killed) and started again on the same port, for restart tests. A detached watchdog kills it and deletes the
/// directory if the test process dies without disposing it.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly string _binary;
    private readonly string _directory;
    private readonly bool _persistent;
    private Process? _process;

    private RedisServer(string binary, string directory, int port, string? password, bool persistent)
    {
        _binary = binary;
        _directory = directory;
        Port = port;
        Password = password;
        _persistent = persistent;
    }

    public int Port { get; }

    public string? Password { get; }

    public string ConnectionString => Password is null
        ? $"127.0.0.1:{Port}"
        : $"127.0.0.1:{Port},password={Password}";

    /// <summary>Quick reconnects for restart tests; generous timeouts, since CI machines may be loaded.</summary>
    public RedisConnectionOptions Options => RedisConnectionOptions.Parse(ConnectionString) with
    {
        ConnectTimeout = TimeSpan.FromSeconds(30),
        CommandTimeout = TimeSpan.FromSeconds(30),
        ReconnectMinDelay = TimeSpan.FromMilliseconds(20),
        ReconnectMaxDelay = TimeSpan.FromMilliseconds(250),
    };

    /// <param name="password">Required of clients when set.</param>
    /// <param name="persistent">
    /// Keep every write in an append-only file synced on each command, so the data survives a kill and restart (as
    /// Redis with persistence, or one cut off by a network split, keeps it through an outage).
    /// </param>
    public static async Task<RedisServer> StartAsync(string? password = null, bool persistent = false)
    {
        var binary = FindBinary();
        for (var attempt = 1; ; attempt++)
        {
            var directory = Directory.CreateTempSubdirectory("keel-redis-").FullName;
            var server = new RedisServer(binary, directory, FreePort(), password, persistent);
            try
            {
                await server.StartAsync();
                server.StartWatchdog();
                return server;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                // Another process took the free port between probing and binding it; try another.
                await server.DisposeAsync();
            }
        }
    }

    /// <summary>Kills the server (as a crash would) and waits until it is gone.</summary>
    public async Task StopAsync()
    {
        if (_process is null)
            return;
        _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    /// <summary>Starts the server again on the same port: empty, or with the data it had when persistent.</summary>
    public Task RestartAsync() => StartAsync();

    /// <summary>A command on a fresh raw socket, independent of the client under test: returns the reply's first line.</summary>
    public async Task<string> RawAsync(string command)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, Port);
        var stream = client.GetStream();
        var auth = Password is null ? string.Empty : $"AUTH {Password}\r\n";
        await stream.WriteAsync(Encoding.UTF8.GetBytes(auth + command + "\r\n"));
        var reader = new StreamReader(stream, Encoding.UTF8);
        if (Password is not null)
            await reader.ReadLineAsync();
        return await reader.ReadLineAsync() ?? string.Empty;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // The watchdog deletes it once this process is gone.
        }
    }

    private async Task StartAsync()
    {
        var start = new ProcessStartInfo(_binary)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _directory,
        };
        foreach (var argument in new[]
                 {
                     "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", _persistent ? "yes" : "no", "--appendfsync", "always",
                     "--dir", _directory, "--daemonize", "no", "--logfile", Path.Combine(_directory, "redis.log"),
                 })
            start.ArgumentList.Add(argument);
        if (Password is not null)
        {
            start.ArgumentList.Add("--requirepass");
            start.ArgumentList.Add(Password);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {_binary}.");
        _process = process;
        // For the watchdog, which must kill exactly this server (it changes on every restart).
        await File.WriteAllTextAsync(Path.Combine(_directory, "server.pid"), process.Id.ToString(CultureInfo.InvariantCulture));
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"redis-server exited with code {process.ExitCode} while starting on port {Port}:{Environment.NewLine}{await process.StandardError.ReadToEndAsync()}{await process.StandardOutput.ReadToEndAsync()}{Log()}");
            if (await AnswersAsync(process.Id))
                return;
            if (deadline.Elapsed > TimeSpan.FromSeconds(30))
                throw new TimeoutException($"redis-server (pid {process.Id}) did not answer on port {Port} within 30 s:{Environment.NewLine}{Log()}");
            await Task.Delay(20);
        }
    }

    /// <summary>
    /// True once the server on <see cref="Port"/> answers and is this process (by <c>process_id</c>): a free port can
    /// be taken by another test class's server between probing and binding, and that one must not pass for ours.
    /// </summary>
    private async Task<bool> AnswersAsync(int processId)
    {
        try
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port, deadline.Token);
            var stream = client.GetStream();
            var auth = Password is null ? string.Empty : $"AUTH {Password}\r\n";
            await stream.WriteAsync(Encoding.UTF8.GetBytes(auth + "INFO server\r\n"), deadline.Token);
            var reader = new StreamReader(stream, Encoding.UTF8);
            while (await reader.ReadLineAsync(deadline.Token) is { } line)
            {
                if (line.StartsWith("process_id:", StringComparison.Ordinal))
                    return line == $"process_id:{processId}";
                // -LOADING while starting, or -NOAUTH / -WRONGPASS from a server that is not ours.
                if (line.StartsWith('-') && !line.StartsWith("-LOADING", StringComparison.Ordinal))
                    return false;
            }

            return false;
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }

    private string Log()
    {
        var file = Path.Combine(_directory, "redis.log");
        return File.Exists(file) ? File.ReadAllText(file) : "(no log)";
    }

    private void StartWatchdog()
    {
        var script = Path.Combine(_directory, "watchdog.sh");
        File.WriteAllText(script,
            $"while [ -d /proc/{Environment.ProcessId} ] && [ -d '{_directory}' ]; do sleep 1; done\n" +
            $"if [ -d '{_directory}' ]; then kill -9 \"$(cat '{_directory}/server.pid')\" 2>/dev/null; rm -rf '{_directory}'; fi\n");
        var start = new ProcessStartInfo("sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"setsid sh '{script}' </dev/null >/dev/null 2>&1 &");
        using var launcher = Process.Start(start);
        launcher?.WaitForExit();
    }

    /// <summary>A loopback port nothing listens on (at the time of asking).</summary>
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static string FindBinary()
    {
        var tried = new List<string>();
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, "redis-server");
            if (File.Exists(candidate))
                return candidate;
            tried.Add(candidate);
        }

        const string debian = "/usr/bin/redis-server";
        if (File.Exists(debian))
            return debian;
        tried.Add(debian);
        throw new InvalidOperationException(
            "redis-server was not found (looked in PATH and /usr/bin). Install the Debian package: apt-get install redis-server (.ci/run does this). Tried: "
            + string.Join(", ", tried));
    }
}
