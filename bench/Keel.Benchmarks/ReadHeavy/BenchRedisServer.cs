using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Keel.Redis;

namespace Keel.Benchmarks;

/// <summary>
/// A throw-away redis-server on a free loopback port (no persistence) for W6's Redis variant, the way the Redis tests
/// start one; null when redis-server is not installed.
/// </summary>
internal sealed class BenchRedisServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private BenchRedisServer(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => "127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture);

    public static async Task<BenchRedisServer?> StartAsync(CancellationToken cancellationToken)
    {
        var binary = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists);
        if (binary is null)
            return null;
        var directory = Directory.CreateTempSubdirectory("keel-bench-redis-").FullName;
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var start = new ProcessStartInfo(binary) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory })
            start.ArgumentList.Add(argument);
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start " + binary);
        var server = new BenchRedisServer(process, directory, port);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await using var connection = new RedisConnection(server.ConnectionString);
                await connection.PingAsync(cancellationToken);
                return server;
            }
            catch (RedisException) when (attempt < 100 && !process.HasExited)
            {
                await Task.Delay(50, cancellationToken);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
