using System.Globalization;
using System.Text;

namespace Keel.Benchmarks;

/// <summary>Renders the report as a GitHub markdown table, ready to paste into docs/benchmarks.md.</summary>
internal static class MarkdownTable
{
    public static string Render(BenchReport report)
    {
        var text = new StringBuilder();
        var culture = CultureInfo.InvariantCulture;
        text.AppendLine("| Workload | Variant | ops/s | alloc B/op | ratio | commands/op |");
        text.AppendLine("| --- | --- | ---: | ---: | ---: | ---: |");
        foreach (var workload in report.Workloads)
        {
            foreach (var variant in workload.Variants)
            {
                var name = variant.Name == workload.Baseline ? $"**{variant.Name}** (baseline)" : variant.Name;
                text.AppendLine(culture,
                    $"| {workload.Title} | {name} | {variant.OpsPerSecond:N0} | {variant.AllocatedBytesPerOp:N0} | {variant.Ratio:0.00}x | {variant.CommandsPerOp:0.#} |");
            }
        }

        var latency = report.Workloads.Where(w => w.Variants.Any(v => v.P50Microseconds is not null)).ToList();
        if (latency.Count == 0)
            return text.ToString();
        text.AppendLine();
        text.AppendLine("| Workload | Variant | ops/s | p50 µs | p99 µs | hit ratio |");
        text.AppendLine("| --- | --- | ---: | ---: | ---: | ---: |");
        foreach (var workload in latency)
        {
            foreach (var variant in workload.Variants)
            {
                var hits = variant.HitRatio is { } ratio ? ratio.ToString("P1", culture) : "—";
                text.AppendLine(culture,
                    $"| {workload.Title} | {variant.Name} | {variant.OpsPerSecond:N0} | {variant.P50Microseconds:N1} | {variant.P99Microseconds:N1} | {hits} |");
            }
        }

        return text.ToString();
    }
}
