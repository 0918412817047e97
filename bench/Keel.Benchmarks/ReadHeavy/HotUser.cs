namespace Keel.Benchmarks;

/// <summary>A <c>w6_users</c> row: a record, since the cache hands the same instance to every reader.</summary>
public sealed record HotUser(int Id, string Name, string Email, int Visits);
