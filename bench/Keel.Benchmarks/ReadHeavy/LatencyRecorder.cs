using System.Diagnostics;

namespace Keel.Benchmarks;

/// <summary>
/// Per-operation latencies of one run, in Stopwatch ticks, in an array sized once (no allocation while timing), and the
/// reads that reached the database, for the hit ratio.
/// </summary>
internal sealed class LatencyRecorder(int capacity)
{
    private readonly long[] _ticks = new long[capacity];
    private int _count;
    private int _reads;
    private int _databaseReads;

    public void Reset()
    {
        _count = 0;
        _reads = 0;
        _databaseReads = 0;
    }

    public void Record(long startedTimestamp) => _ticks[_count++] = Stopwatch.GetTimestamp() - startedTimestamp;

    public void Read() => _reads++;

    public void DatabaseRead() => Interlocked.Increment(ref _databaseReads);

    public RunStats Take(bool cached)
    {
        var sorted = _ticks.AsSpan(0, _count).ToArray();
        Array.Sort(sorted);
        double Percentile(double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))] * 1_000_000.0 / Stopwatch.Frequency;
        double? hitRatio = cached && _reads > 0 ? 1 - ((double)_databaseReads / _reads) : null;
        return new RunStats(Percentile(0.50), Percentile(0.99), hitRatio);
    }
}
