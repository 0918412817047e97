using System.Diagnostics;
using System.Globalization;

namespace Keel.Benchmarks;

/// <summary>
/// Runs each variant of a workload, one at a time — warm-up runs first, then the measured ones — and reports
/// medians. Variants never overlap, so process-wide figures (allocation, GC) belong to the variant being measured.
/// </summary>
internal static class Runner
{
    public static async Task<WorkloadResult> RunAsync(Workload workload, BenchSettings settings, TextWriter progress, CancellationToken cancellationToken)
    {
        var variants = workload.Variants;
        foreach (var variant in variants)
        {
            for (var run = 0; run < settings.WarmupRuns; run++)
                await MeasureOnceAsync(workload, variant, cancellationToken);
        }

        // Measured runs go round-robin, each round starting one variant later, so a burst of load from elsewhere
        // on the machine lands on every variant alike instead of on whichever one happened to be running.
        var ops = new double[variants.Count][];
        var alloc = new double[variants.Count][];
        var stats = new RunStats?[variants.Count][];
        for (var v = 0; v < variants.Count; v++)
        {
            ops[v] = new double[settings.Runs];
            alloc[v] = new double[settings.Runs];
            stats[v] = new RunStats?[settings.Runs];
        }

        for (var run = 0; run < settings.Runs; run++)
        {
            for (var k = 0; k < variants.Count; k++)
            {
                var v = (run + k) % variants.Count;
                (ops[v][run], alloc[v][run]) = await MeasureOnceAsync(workload, variants[v], cancellationToken);
                stats[v][run] = variants[v].TakeStats?.Invoke();
            }
        }

        var measured = new List<(string Name, double[] Ops, double[] Alloc)>();
        for (var v = 0; v < variants.Count; v++)
        {
            measured.Add((variants[v].Name, ops[v], alloc[v]));
            progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {workload.Title,-26} {variants[v].Name,-32} {Median(ops[v]),12:N0} ops/s {Median(alloc[v]),10:N0} B/op"));
        }

        var baselineName = workload.Baseline.Name;
        var baseline = Median(measured.Find(m => m.Name == baselineName).Ops);
        var results = new List<VariantResult>(measured.Count);
        for (var v = 0; v < measured.Count; v++)
        {
            var (name, runOps, runAlloc) = measured[v];
            var median = Median(runOps);
            var result = new VariantResult(name, Math.Round(median, 1), Math.Round(Median(runAlloc), 1), Math.Round(median / baseline, 3), runOps, runAlloc);
            if (stats[v][0] is not null)
            {
                var runStats = stats[v].Select(s => s!).ToArray();
                result = result with
                {
                    P50Microseconds = Math.Round(Median([.. runStats.Select(s => s.P50Microseconds)]), 1),
                    P99Microseconds = Math.Round(Median([.. runStats.Select(s => s.P99Microseconds)]), 1),
                    HitRatio = runStats[0].HitRatio is null ? null : Math.Round(Median([.. runStats.Select(s => s.HitRatio!.Value)]), 4),
                };
                progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {workload.Title,-26} {name,-32} p50 {result.P50Microseconds,8:N1} µs  p99 {result.P99Microseconds,8:N1} µs  hit ratio {result.HitRatio:P1}"));
            }

            results.Add(result);
        }

        if (workload.CountCommandsOver is { } counted)
        {
            for (var v = 0; v < variants.Count; v++)
            {
                var perOp = await CountCommandsAsync(workload, variants[v], counted, cancellationToken);
                results[v] = results[v] with { CommandsPerOp = perOp };
                progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {workload.Title,-26} {variants[v].Name,-32} {perOp,12:N1} commands/op"));
            }
        }

        return new WorkloadResult(workload.Id, workload.Title, workload.Operations, baselineName, results);
    }

    private static async Task<(double OpsPerSecond, double BytesPerOp)> MeasureOnceAsync(Workload workload, Variant variant, CancellationToken cancellationToken)
    {
        if (workload.ResetAsync is not null)
            await workload.ResetAsync(cancellationToken);
        if (variant.BeforeRunAsync is not null)
            await variant.BeforeRunAsync(cancellationToken);

        // Start each run from a clean heap so one variant's garbage is not collected on the next one's clock.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        // Process-wide on purpose: the loop hops between thread-pool threads, and nothing else runs meanwhile,
        // so the delta is exactly what this variant (its library and the driver under it) allocated.
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var started = Stopwatch.GetTimestamp();
        var checksum = await variant.RunAsync(workload.Operations, cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        await workload.VerifyAsync(checksum, workload.Operations, cancellationToken);
        return (workload.Operations / elapsed.TotalSeconds, (double)allocated / workload.Operations);
    }

    /// <summary>One extra, untimed run with a listener on Npgsql's command instrument: what each operation sends.</summary>
    private static async Task<double> CountCommandsAsync(Workload workload, Variant variant, int operations, CancellationToken cancellationToken)
    {
        if (workload.ResetAsync is not null)
            await workload.ResetAsync(cancellationToken);
        if (variant.BeforeRunAsync is not null)
            await variant.BeforeRunAsync(cancellationToken);
        long checksum;
        long commands;
        using (var counter = new CommandCounter())
        {
            checksum = await variant.RunAsync(operations, cancellationToken);
            commands = counter.Commands;
        }

        await workload.VerifyAsync(checksum, operations, cancellationToken);
        return (double)commands / operations;
    }

    private static double Median(double[] values)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
