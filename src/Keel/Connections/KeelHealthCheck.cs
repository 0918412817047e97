using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Keel;

/// <summary>
/// Health check: <c>SELECT 1</c> through a pooled session under a timeout. Healthy with the latency and pool
/// usage in its data; Degraded when the pool is nearly exhausted; Unhealthy when the query fails or times out.
/// Register with <c>services.AddHealthChecks().AddCheck&lt;KeelHealthCheck&gt;("postgres")</c> after <c>AddKeel</c>.
/// </summary>
public sealed class KeelHealthCheck(KeelDataSource dataSource) : IHealthCheck
{
    /// <summary>How long the probe may take before the database counts as unhealthy. Default 5 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Pool usage (busy / max) at or above which the check reports Degraded. Default 0.9.</summary>
    public double DegradedPoolUsage { get; init; } = 0.9;

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var session = await dataSource.OpenSessionAsync(timeout.Token).ConfigureAwait(false);
            await using (session.ConfigureAwait(false))
                await session.ScalarAsync<int>($"SELECT 1", timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var reason = timeout.IsCancellationRequested ? $"no answer within {Timeout.TotalSeconds:F1} s" : e.Message;
            return new HealthCheckResult(context?.Registration.FailureStatus ?? HealthStatus.Unhealthy,
                $"PostgreSQL probe failed: {reason}", e, Data(Stopwatch.GetElapsedTime(started), dataSource.GetPoolSnapshot()));
        }

        var latency = Stopwatch.GetElapsedTime(started);
        var pool = dataSource.GetPoolSnapshot();
        var data = Data(latency, pool);
        return pool.Usage >= DegradedPoolUsage
            ? HealthCheckResult.Degraded($"PostgreSQL answered in {latency.TotalMilliseconds:F1} ms but the pool is {pool.Usage:P0} used ({pool.Waiting} waiting).", data: data)
            : HealthCheckResult.Healthy($"PostgreSQL answered in {latency.TotalMilliseconds:F1} ms.", data);
    }

    private static Dictionary<string, object> Data(TimeSpan latency, PoolSnapshot pool) => new()
    {
        ["latency_ms"] = latency.TotalMilliseconds,
        ["pool_busy"] = pool.Busy,
        ["pool_idle"] = pool.Idle,
        ["pool_max"] = pool.Max,
        ["pool_waiting"] = pool.Waiting,
    };
}
