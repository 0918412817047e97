namespace Keel;

/// <summary>History rows folded into what is applied now.</summary>
internal sealed class HistoryState
{
    public HistoryState(IReadOnlyList<HistoryRow> rows)
    {
        Rows = rows;
        foreach (var row in rows)
        {
            if (row.Type == "REPEATABLE")
            {
                if (row.Success)
                    Repeatables[row.Script] = row;
                continue;
            }

            if (row.Version is not { } version)
                continue;
            if (!row.Success)
            {
                Failed[version] = row;
                continue;
            }

            Failed.Remove(version);
            if (row.Type == "DOWN")
                Applied.Remove(version);
            else if (row.Type == "BASELINE")
                Baseline = Math.Max(Baseline ?? long.MinValue, version);
            else
                Applied[version] = row;
        }
    }

    public IReadOnlyList<HistoryRow> Rows { get; }

    public SortedDictionary<long, HistoryRow> Applied { get; } = [];

    public Dictionary<long, HistoryRow> Failed { get; } = [];

    public Dictionary<string, HistoryRow> Repeatables { get; } = new(StringComparer.Ordinal);

    public long? Baseline { get; private set; }

    public bool IsApplied(long version) => Applied.ContainsKey(version) || (Baseline is { } b && version <= b);
}
