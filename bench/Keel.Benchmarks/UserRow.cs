namespace Keel.Benchmarks;

/// <summary>
/// One row of <c>users</c> (and of <c>new_users</c> in the insert workload). A plain class with settable properties
/// so that every contender — Npgsql by hand, Dapper, EF Core and Keel — materializes into the very same type.
/// </summary>
public sealed class UserRow
{
    public int Id { get; set; }

    public string Name { get; set; } = string.Empty;

    public string Email { get; set; } = string.Empty;

    public DateTime CreatedAt { get; set; }
}
