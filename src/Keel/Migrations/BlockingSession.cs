namespace Keel;

/// <summary>A session that blocked a migration, from <c>pg_stat_activity</c> via <c>pg_blocking_pids</c>.</summary>
/// <param name="Pid">The blocking backend's process id.</param>
/// <param name="UserName">Its user.</param>
/// <param name="State">Its state (e.g. <c>idle in transaction</c>).</param>
/// <param name="Query">Its current or last query (first 200 characters).</param>
public sealed record BlockingSession(int Pid, string UserName, string State, string Query);
