namespace Keel.Benchmarks;

/// <summary>One workload's rows of the table.</summary>
internal sealed record WorkloadResult(string Id, string Title, int Operations, string Baseline, IReadOnlyList<VariantResult> Variants);
