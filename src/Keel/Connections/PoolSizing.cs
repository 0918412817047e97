namespace Keel;

/// <summary>Pool size advice.</summary>
public static class PoolSizing
{
    /// <summary>
    /// The PostgreSQL community starting point for the number of connections that keep a server busy:
    /// <c>cores × 2 + effective spindles</c> (4 cores and one SSD → 9). Use it for the sum of all pools that
    /// reach one server, not per application instance; measure and deviate when work waits on something other
    /// than the database's CPU and disks (long transactions holding connections idle, remote storage with high
    /// latency) — see docs/connections.md.
    /// </summary>
    /// <param name="serverCores">Physical cores of the database server (not hyper-threads).</param>
    /// <param name="effectiveSpindles">Disks that can seek in parallel; an SSD counts as 1, a fully cached data set as 0.</param>
    public static int Recommend(int serverCores, int effectiveSpindles)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(serverCores, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(effectiveSpindles);
        return checked((serverCores * 2) + effectiveSpindles);
    }
}
