using System.Diagnostics;
using System.Globalization;

namespace Keel.Benchmarks;

/// <summary>
/// Runs each variant of a workload in turn — warm-up runs first, then the measured ones — and reports medians.
/// Variants never overlap, so process-wide figures (allocation, GC) belong to the variant being measured.
/// </summary>
internal static class Runner
{
    public static async Task<WorkloadResult> RunAsync(Workload workload, BenchSettings settings, TextWriter progress, CancellationToken cancellationToken)
    {
        var measured = new List<(string Name, double[] Ops, double[] Alloc)>();
        foreach (var variant in workload.Variants)
        {
            var ops = new double[settings.Runs];
            var alloc = new double[settings.Runs];
            for (var run = -settings.WarmupRuns; run < settings.Runs; run++)
            {
                var (opsPerSecond, bytesPerOp) = await MeasureOnceAsync(workload, variant, cancellationToken);
                if (run < 0)
                    continue;
                ops[run] = opsPerSecond;
                alloc[run] = bytesPerOp;
            }

            measured.Add((variant.Name, ops, alloc));
            progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {workload.Title,-22} {variant.Name,-28} {Median(ops),12:N0} ops/s {Median(alloc),10:N0} B/op"));
        }

        var baselineName = workload.Baseline.Name;
        var baseline = Median(measured.Find(m => m.Name == baselineName).Ops);
        var results = new List<VariantResult>(measured.Count);
        foreach (var (name, ops, alloc) in measured)
        {
            var median = Median(ops);
            results.Add(new VariantResult(name, Math.Round(median, 1), Math.Round(Median(alloc), 1), Math.Round(median / baseline, 3), ops, alloc));
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

    private static double Median(double[] values)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
