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

        return text.ToString();
    }
}
