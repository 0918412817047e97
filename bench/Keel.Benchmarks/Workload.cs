namespace Keel.Benchmarks;

/// <summary>A named piece of work run by every <see cref="Variant"/> in turn, with a check of each run's outcome.</summary>
internal sealed class Workload(string id, string title, int operations, IReadOnlyList<Variant> variants)
{
    /// <summary>The stable key in latest.json, e.g. <c>get-by-id</c>.</summary>
    public string Id { get; } = id;

    /// <summary>The label in the printed table, e.g. <c>W1 get-by-id</c>.</summary>
    public string Title { get; } = title;

    /// <summary>Operations per run; ops/s and alloc/op are per one of these.</summary>
    public int Operations { get; } = operations;

    public IReadOnlyList<Variant> Variants { get; } = variants;

    /// <summary>Untimed, before every run of every variant (the insert workloads truncate their table).</summary>
    public Func<CancellationToken, Task>? ResetAsync { get; init; }

    /// <summary>Untimed, after every run: throws when the run did not do what it should have.</summary>
    public required Func<long, int, CancellationToken, Task> VerifyAsync { get; init; }

    /// <summary>Also report commands per operation, from one untimed run of this many operations per variant.</summary>
    public int? CountCommandsOver { get; init; }

    public Variant Baseline
    {
        get
        {
            foreach (var variant in Variants)
            {
                if (variant.IsBaseline)
                    return variant;
            }

            throw new InvalidOperationException($"Workload {Id} has no baseline variant.");
        }
    }
}
