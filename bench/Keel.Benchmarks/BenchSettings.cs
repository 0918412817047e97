using System.Globalization;

namespace Keel.Benchmarks;

/// <summary>The command line: which workloads, how many runs, and whether this is a quick smoke run.</summary>
internal sealed record BenchSettings(IReadOnlySet<string> Workloads, int Runs, int WarmupRuns, bool Quick, int BatchSize, string? OutputPath)
{
    public const string Usage = """
        Usage: dotnet run -c Release --project bench/Keel.Benchmarks -- [workload ...] [options]

        Workloads (default: all):
          get-by-id | w1    20,000 single-row selects by random primary key
          list      | w2    2,000 queries of 100 rows (LIMIT 100 OFFSET n)
          insert    | w3    20,000 inserts in one transaction: row by row, batched, binary COPY
          documents | w4    10,000 ~1 KB jsonb documents: inserted one by one, bulk-loaded; 20,000 loads by id
          relations | w5    400 loads of 200 orders with their 5 items each (and each item's product)
          read-heavy | w6   50,000 operations on 1,000 hot users of 100,000: 95 % reads by id, 5 % updates;
                            database only, KeelCache with the PostgreSQL L2, KeelCache with the Redis L2

        Options:
          --runs N          measured runs per variant, median reported (default 5, at least 3 unless --quick)
          --warmup N        unmeasured warm-up runs per variant (default 1)
          --quick           a smoke run: op counts divided by 10
          --batch-size N    statements per batch for the batched inserts (default 100)
          --out PATH        where to write the JSON (default bench/results/latest.json)

        Uses the server in KEEL_CONNECTION when set, else starts an embedded PostgreSQL.
        """;

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["get-by-id"] = "get-by-id",
        ["w1"] = "get-by-id",
        ["list"] = "list",
        ["w2"] = "list",
        ["insert"] = "insert",
        ["w3"] = "insert",
        ["documents"] = "documents",
        ["w4"] = "documents",
        ["relations"] = "relations",
        ["w5"] = "relations",
        ["read-heavy"] = "read-heavy",
        ["w6"] = "read-heavy",
    };

    /// <summary>Operations per run scale down 10x with <c>--quick</c>.</summary>
    public int Scale(int operations) => Quick ? operations / 10 : operations;

    public bool Includes(string workload) => Workloads.Contains(workload);

    /// <summary>Parses the arguments; returns null with <paramref name="error"/> set when they are wrong.</summary>
    public static BenchSettings? Parse(IReadOnlyList<string> args, out string? error)
    {
        var workloads = new HashSet<string>(StringComparer.Ordinal);
        int? runs = null;
        var warmup = 1;
        var quick = false;
        var batchSize = 100;
        string? output = null;
        error = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "--quick":
                    quick = true;
                    break;
                case "--runs":
                case "--warmup":
                case "--batch-size":
                    if (i + 1 >= args.Count || !int.TryParse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                    {
                        error = $"{arg} needs a whole number.";
                        return null;
                    }

                    if (arg == "--runs")
                        runs = n;
                    else if (arg == "--warmup")
                        warmup = n;
                    else
                        batchSize = n;
                    break;
                case "--out":
                    if (i + 1 >= args.Count)
                    {
                        error = "--out needs a path.";
                        return null;
                    }

                    output = args[++i];
                    break;
                default:
                    if (!Aliases.TryGetValue(arg, out var workload))
                    {
                        error = $"Unknown workload or option '{arg}'.";
                        return null;
                    }

                    workloads.Add(workload);
                    break;
            }
        }

        var measuredRuns = runs ?? (quick ? 3 : 5);
        if (measuredRuns < (quick ? 1 : 3))
        {
            error = "--runs must be at least 3 (the median of fewer runs says little); --quick allows 1.";
            return null;
        }

        if (batchSize < 1)
        {
            error = "--batch-size must be at least 1.";
            return null;
        }

        if (workloads.Count == 0)
            workloads.UnionWith(["get-by-id", "list", "insert", "documents", "relations", "read-heavy"]);
        return new BenchSettings(workloads, measuredRuns, warmup, quick, batchSize, output);
    }
}
