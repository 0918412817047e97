namespace Keel;

/// <summary>
/// The pool at one moment. <see cref="Idle"/> and <see cref="Busy"/> are Npgsql's own counts (read from its
/// <c>db.client.connection.count</c> instrument); <see cref="Waiting"/> and <see cref="OpenSessions"/> are
/// Keel's counting of its callers; <see cref="Max"/> is the configured limit.
/// </summary>
/// <param name="Busy">Physical connections handed out by Npgsql's pool right now.</param>
/// <param name="Idle">Physical connections open and free in the pool.</param>
/// <param name="Max">The pool's maximum size.</param>
/// <param name="Waiting">Keel callers waiting for a connection (in <c>OpenSessionAsync</c>).</param>
/// <param name="OpenSessions">Keel sessions currently holding a connection.</param>
public readonly record struct PoolSnapshot(int Busy, int Idle, int Max, int Waiting, int OpenSessions)
{
    /// <summary>Busy connections as a fraction of <see cref="Max"/> (0 to 1).</summary>
    public double Usage => Max == 0 ? 0 : (double)Busy / Max;
}
